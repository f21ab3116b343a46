package io.llmgate.routes.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;

/**
 * Mistral's API (api.mistral.ai/v1): OpenAI's format with stricter validation (see {@link MistralRequest}), usage
 * in its last stream chunk without being asked, content that may come as a list of blocks, and no
 * {@code /v1/completions} (its FIM endpoint takes another request).
 */
public class MistralAdapter extends OpenAiAdapter {

    public static final String NAME = "mistral-ai";

    private final MistralRequest requests;

    public MistralAdapter(ObjectMapper json, String defaultBaseUrl) {
        super(json, NAME, defaultBaseUrl, false);
        this.requests = new MistralRequest(json);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint != Endpoint.COMPLETIONS;
    }

    @Override
    public UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        if (!supports(endpoint)) {
            throw unsupported(endpoint);
        }
        return super.toUpstream(endpoint, body, target);
    }

    @Override
    protected ObjectNode requestBody(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        return endpoint == Endpoint.EMBEDDINGS ? requests.embeddings(body) : requests.chat(body);
    }

    @Override
    public ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody) {
        ObjectNode out = super.toOpenAi(endpoint, requestBody, responseBody);
        for (JsonNode choice : out.path("choices")) {
            flatten((ObjectNode) choice, "message");
        }
        return out;
    }

    /**
     * Mistral sends the usage with the last content chunk; OpenAI sends it in a chunk of its own without choices,
     * which is the one the gateway keeps or drops depending on {@code stream_options}.
     */
    @Override
    protected void onChunk(ObjectNode chunk, ChunkSink out) {
        for (JsonNode choice : chunk.path("choices")) {
            flatten((ObjectNode) choice, "delta");
        }
        JsonNode usage = chunk.get("usage");
        if (usage == null || usage.isNull() || chunk.path("choices").isEmpty()) {
            out.chunk(chunk);
            return;
        }
        chunk.remove("usage");
        out.chunk(chunk);
        ObjectNode usageChunk = chunk.deepCopy();
        usageChunk.putArray("choices");
        usageChunk.set("usage", usage);
        out.chunk(usageChunk);
    }

    /**
     * Reasoning models answer with content blocks ({@code [{"type":"thinking",...},{"type":"text",...}]});
     * OpenAI clients expect a string, so the text blocks are joined and the rest left out. Mistral's
     * {@code model_length} finish reason is OpenAI's {@code length}.
     */
    private static void flatten(ObjectNode choice, String messageField) {
        JsonNode message = choice.get(messageField);
        if (message instanceof ObjectNode m && m.path("content").isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode block : (ArrayNode) m.get("content")) {
                if ("text".equals(block.path("type").asText())) {
                    text.append(block.path("text").asText());
                }
            }
            m.put("content", text.toString());
        }
        if ("model_length".equals(choice.path("finish_reason").asText())) {
            choice.put("finish_reason", "length");
        }
    }
}
