package io.llmgate.routes.provider;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.UpstreamException;

/**
 * OpenAI's own API, and the base for servers that speak it (Mistral, vLLM, LM Studio, ...): the body passes through,
 * only authentication and the URL change.
 */
public class OpenAiAdapter extends AdapterSupport {

    private final String name;
    private final boolean askForStreamUsage;

    /**
     * @param askForStreamUsage whether the server understands {@code stream_options.include_usage}; when it does the
     *                          gateway asks for usage on every stream so it can account for it
     */
    public OpenAiAdapter(ObjectMapper json, String name, String defaultBaseUrl, boolean askForStreamUsage) {
        super(json, defaultBaseUrl);
        this.name = name;
        this.askForStreamUsage = askForStreamUsage;
    }

    @Override
    public String name() {
        return name;
    }

    /** OpenAI and the servers speaking its API (vLLM, LM Studio, llama.cpp, Ollama's /v1) serve it under /v1. */
    @Override
    protected String versionPath() {
        return "/v1";
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return true;
    }

    @Override
    public UpstreamRequest toUpstream(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        ObjectNode out = requestBody(endpoint, body, target);
        Map<String, String> headers = headers(target);
        authenticate(headers, target);
        return new UpstreamRequest("POST", uri(target, path(endpoint, body, target)), headers, write(out));
    }

    /**
     * The body to send, by default the client's own with stream usage asked for; servers with quirks (Mistral)
     * override it. Must not modify {@code body}.
     */
    protected ObjectNode requestBody(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        if (asksForStreamUsage(target) && body.path("stream").asBoolean(false)
                && !body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode out = body.deepCopy();
            out.withObject("/stream_options").put("include_usage", true);
            return out;
        }
        return body;
    }

    /** Whether this target understands {@code stream_options.include_usage} (Azure: only newer API versions). */
    protected boolean asksForStreamUsage(ProviderTarget target) {
        return askForStreamUsage;
    }

    /** Path below the base URL; Azure overrides it with its deployment URL. */
    protected String path(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        return endpoint.path().substring(3); // "/v1/chat/completions" -> "/chat/completions"
    }

    protected void authenticate(Map<String, String> headers, ProviderTarget target) {
        if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        if (target.setting("organization") != null) {
            headers.put("openai-organization", target.setting("organization"));
        }
        if (target.setting("project") != null) {
            headers.put("openai-project", target.setting("project"));
        }
    }

    @Override
    public ObjectNode toOpenAi(Endpoint endpoint, ObjectNode requestBody, byte[] responseBody) {
        return requireArray(read(responseBody), endpoint == Endpoint.EMBEDDINGS ? "data" : "choices");
    }

    @Override
    public StreamTranslator newStreamTranslator(Endpoint endpoint, ObjectNode requestBody) {
        return new PassThrough();
    }

    @Override
    public UpstreamRequest listModels(ProviderTarget target) {
        Map<String, String> headers = headers(target);
        headers.remove("content-type");
        authenticate(headers, target);
        return new UpstreamRequest("GET", uri(target, "/models"), headers, null);
    }

    @Override
    public ObjectNode toOpenAiModelList(byte[] responseBody) {
        return requireArray(read(responseBody), "data");
    }

    /** Hands one provider chunk on; servers whose chunks differ slightly from OpenAI's adjust them here. */
    protected void onChunk(ObjectNode chunk, ChunkSink out) {
        out.chunk(chunk);
    }

    /** OpenAI chunks are already OpenAI chunks: parse (for usage and errors) and hand on. */
    private final class PassThrough implements StreamTranslator {
        private boolean done;

        @Override
        public void onEvent(String event, String data, ChunkSink out) {
            if ("[DONE]".equals(data.trim())) {
                done = true;
                return;
            }
            JsonNode node;
            try {
                node = json.readTree(data);
            } catch (IOException e) {
                throw UpstreamException.badResponse(name, "unreadable stream chunk " + preview(data.getBytes()));
            }
            if (node.has("error")) {
                throw (UpstreamException) toError(502, null, data.getBytes());
            }
            if (node instanceof ObjectNode chunk) {
                onChunk(chunk, out);
            }
        }

        @Override
        public boolean finished() {
            return done;
        }
    }
}
