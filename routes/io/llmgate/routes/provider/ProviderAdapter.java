package io.llmgate.routes.provider;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;

/**
 * Translation between the OpenAI API and one provider's wire format. Adapters hold no routing logic and no state
 * per request; streams get their own {@link StreamTranslator}.
 */
public interface ProviderAdapter {

    /** The name used in headers and configs, e.g. {@code anthropic}. */
    String name();

    boolean supports(Endpoint endpoint);

    /**
     * Builds the provider request.
     *
     * @param body the OpenAI-shaped request body with overrides applied; adapters must not modify it
     */
    UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target);

    /** Translates a successful, non-streamed provider response into OpenAI's shape, {@code usage} included. */
    ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody);

    default StreamFraming framing() {
        return StreamFraming.SSE;
    }

    StreamTranslator newStreamTranslator(Endpoint endpoint, ObjectNode requestBody);

    /** Turns a provider error response into a gateway error that keeps the provider's own message and status. */
    GatewayException toError(int status, HttpHeaders headers, byte[] body);

    /** The request listing the provider's models, or null when it has no such API. */
    default UpstreamRequest listModels(ProviderTarget target) {
        return null;
    }

    /** Translates the provider's model list into OpenAI's {@code {"object":"list","data":[...]}}. */
    default ObjectNode toOpenAiModelList(byte[] responseBody) {
        throw new UnsupportedOperationException(name() + " has no model list");
    }
}
