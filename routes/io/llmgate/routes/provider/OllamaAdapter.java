package io.llmgate.routes.provider;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;

/**
 * Ollama's native API: {@code /api/chat}, {@code /api/generate}, {@code /api/embed} and {@code /api/tags}, streamed
 * as NDJSON. A key, when given, goes as a bearer token (Ollama's cloud, or a proxy in front of a server).
 */
public class OllamaAdapter extends AdapterSupport {

    public static final String NAME = "ollama";

    private final OllamaRequests requests;
    private final OllamaResponses responses;

    public OllamaAdapter(ObjectMapper json, String defaultBaseUrl) {
        super(json, defaultBaseUrl);
        this.requests = new OllamaRequests(json);
        this.responses = new OllamaResponses(json);
    }

    /**
     * Ollama's native API starts at the server root; a base URL copied from an OpenAI client setting
     * ({@code http://host:11434/v1}) or ending in {@code /api} names the same server.
     */
    @Override
    protected String apiRoot(String base) {
        return withoutSuffix(withoutSuffix(super.apiRoot(base), "/v1"), "/api");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return true;
    }

    @Override
    public StreamFraming framing() {
        return StreamFraming.NDJSON;
    }

    @Override
    public UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        Map<String, String> headers = headers(target);
        authenticate(headers, target);
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> post(target, "/api/chat", headers, requests.chat(body));
            case COMPLETIONS -> post(target, "/api/generate", headers, requests.generate(body));
            case EMBEDDINGS -> post(target, "/api/embed", headers, requests.embed(body));
            default -> throw unsupported(endpoint);
        };
    }

    private UpstreamRequest post(ProviderTarget target, String path, Map<String, String> headers, ObjectNode body) {
        return new UpstreamRequest("POST", uri(target, path), headers, write(body));
    }

    private void authenticate(Map<String, String> headers, ProviderTarget target) {
        if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
    }

    @Override
    public ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody) {
        ObjectNode in = read(responseBody);
        String model = requestBody.path("model").asText();
        return switch (endpoint) {
            case COMPLETIONS -> responses.generate(require(in, "response", in.path("response").isTextual()), model);
            case EMBEDDINGS -> responses.embed(requestBody, requireArray(in, "embeddings"));
            default -> responses.chat(require(in, "message", in.path("message").isObject()), model);
        };
    }

    @Override
    public StreamTranslator newStreamTranslator(Endpoint endpoint, ObjectNode requestBody) {
        String model = requestBody.path("model").asText();
        return endpoint == Endpoint.COMPLETIONS ? OllamaStream.generate(json, responses, model)
                : OllamaStream.chat(json, responses, model);
    }

    @Override
    public UpstreamRequest listModels(ProviderTarget target) {
        Map<String, String> headers = headers(target);
        headers.remove("content-type");
        authenticate(headers, target);
        return new UpstreamRequest("GET", uri(target, "/api/tags"), headers, null);
    }

    @Override
    public ObjectNode toOpenAiModelList(byte[] responseBody) {
        return responses.models(requireArray(read(responseBody), "models"));
    }

    private ObjectNode require(ObjectNode in, String field, boolean present) {
        if (!present) {
            throw invalidResponse("no '" + field + "' in " + preview(in.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return in;
    }
}
