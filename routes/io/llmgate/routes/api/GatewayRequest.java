package io.llmgate.routes.api;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client request, parsed and validated: the OpenAI-shaped body plus the headers the gateway reads.
 * Header names are lower-case; {@link #header(String)} also accepts the {@code x-portkey-*} alias of an
 * {@code x-gateway-*} name so Portkey clients keep their headers. {@code metadata} is the app's
 * {@code x-gateway-metadata} JSON object (user, team, environment...), values as strings.
 */
public record GatewayRequest(String requestId, Endpoint endpoint, ObjectNode body, Map<String, String> headers,
                             Map<String, String> metadata, long receivedNanos) {

    public String model() {
        return body == null || !body.hasNonNull("model") ? null : body.get("model").asText();
    }

    public boolean stream() {
        return body != null && body.path("stream").asBoolean(false);
    }

    public String header(String name) {
        String value = headers.get(name);
        if (value == null && name.startsWith("x-gateway-")) {
            value = headers.get("x-portkey-" + name.substring("x-gateway-".length()));
        }
        return value;
    }
}
