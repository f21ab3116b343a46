package io.llmgate.routes.provider;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;

/**
 * Google's Gemini API (generativelanguage.googleapis.com): {@code models/{model}:generateContent}, its SSE twin
 * {@code :streamGenerateContent?alt=sse}, {@code :batchEmbedContents} and the model list; the key goes in
 * {@code x-goog-api-key}.
 */
public class GeminiAdapter extends AdapterSupport {

    public static final String NAME = "google";
    /** Model ids go into the URL path: nothing that could leave it. */
    private static final Pattern MODEL = Pattern.compile("(models/|tunedModels/)?[A-Za-z0-9][A-Za-z0-9._-]*");

    private final GeminiChatRequest chatRequests;
    private final GeminiChatResponse chatResponses;
    private final GeminiEmbeddings embeddings;

    public GeminiAdapter(ObjectMapper json, String defaultBaseUrl) {
        super(json, defaultBaseUrl);
        this.chatRequests = new GeminiChatRequest(json);
        this.chatResponses = new GeminiChatResponse(json);
        this.embeddings = new GeminiEmbeddings(json);
    }

    @Override
    protected String versionPath() {
        return "/v1beta";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint != Endpoint.COMPLETIONS;
    }

    @Override
    public UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        String model = modelPath(body.path("model").asText());
        Map<String, String> headers = headers(target);
        authenticate(headers, target);
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                String method = body.path("stream").asBoolean(false) ? ":streamGenerateContent?alt=sse" : ":generateContent";
                yield new UpstreamRequest("POST", uri(target, "/" + model + method), headers,
                        write(chatRequests.translate(body)));
            }
            case EMBEDDINGS -> new UpstreamRequest("POST", uri(target, "/" + model + ":batchEmbedContents"), headers,
                    write(embeddings.request(body, model)));
            default -> throw unsupported(endpoint);
        };
    }

    /** {@code gemini-2.0-flash} and {@code models/gemini-2.0-flash} both name {@code models/gemini-2.0-flash}. */
    static String modelPath(String model) {
        if (!MODEL.matcher(model).matches()) {
            throw GatewayException.invalidRequest("'" + model + "' is not a valid google model name", "model");
        }
        return model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
    }

    private void authenticate(Map<String, String> headers, ProviderTarget target) {
        if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("x-goog-api-key", target.apiKey());
        }
    }

    @Override
    public ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody) {
        ObjectNode in = read(responseBody);
        if (endpoint == Endpoint.EMBEDDINGS) {
            return embeddings.response(requestBody, requireArray(in, "embeddings"));
        }
        if (!in.has("promptFeedback")) {
            requireArray(in, "candidates"); // without candidates only a blocked prompt is an answer
        }
        return chatResponses.translate(in, requestBody.path("model").asText());
    }

    @Override
    public StreamTranslator newStreamTranslator(Endpoint endpoint, ObjectNode requestBody) {
        return new GeminiStream(json, chatResponses, requestBody.path("model").asText());
    }

    @Override
    public UpstreamRequest listModels(ProviderTarget target) {
        Map<String, String> headers = headers(target);
        headers.remove("content-type");
        authenticate(headers, target);
        return new UpstreamRequest("GET", uri(target, "/models?pageSize=1000"), headers, null);
    }

    @Override
    public ObjectNode toOpenAiModelList(byte[] responseBody) {
        ObjectNode in = read(responseBody);
        ObjectNode out = json.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (JsonNode m : in.path("models")) {
            String name = m.path("name").asText();
            data.addObject().put("id", name.startsWith("models/") ? name.substring(7) : name)
                    .put("object", "model").put("created", 0).put("owned_by", NAME);
        }
        return out;
    }

    /** Google's errors: {@code {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED"}}}; the status is the code. */
    @Override
    public GatewayException toError(int status, HttpHeaders headers, byte[] body) {
        JsonNode error = null;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isArray() && !node.isEmpty()) {
                node = node.get(0); // the streaming endpoint wraps errors in a list
            }
            error = node == null ? null : node.get("error");
        } catch (IOException | RuntimeException e) {
            // not JSON: the generic reading below keeps the raw text
        }
        if (error == null || !error.isObject() || !error.hasNonNull("message")) {
            return super.toError(status, headers, body);
        }
        String type = status == 429 ? "rate_limit_error" : status >= 500 ? "upstream_error" : "invalid_request_error";
        return new UpstreamException(UpstreamException.Kind.HTTP_ERROR, status, type, error.path("status").asText(null),
                NAME + " error: " + error.get("message").asText(), NAME, retryAfter(headers), null);
    }
}
