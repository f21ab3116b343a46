package io.llmgate.routes.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;

/**
 * {@code streamGenerateContent?alt=sse} as OpenAI chunks. Every event is a whole {@code GenerateContentResponse}
 * holding the next piece of each candidate. Gemini sends no end marker: the stream is complete when the body ends
 * after every candidate reported a {@code finishReason}; a body ending before that was cut off.
 */
final class GeminiStream implements StreamTranslator {

    /** What one candidate (OpenAI: choice) has sent so far. */
    private static final class Candidate {
        boolean roleSent;
        int toolCalls;
        boolean finished;
    }

    private final ObjectMapper json;
    private final GeminiChatResponse responses;
    private final ChunkBuilder chunks;
    private final Map<Integer, Candidate> candidates = new HashMap<>();
    private Usage usage = Usage.NONE;
    private boolean promptBlocked;

    GeminiStream(ObjectMapper json, GeminiChatResponse responses, String model) {
        this.json = json;
        this.responses = responses;
        this.chunks = ChunkBuilder.forChat(model);
    }

    @Override
    public void onEvent(String event, String data, ChunkSink out) {
        JsonNode e = parse(data);
        if (e.has("error")) {
            JsonNode error = e.get("error");
            int status = error.path("code").asInt(502);
            throw new UpstreamException(UpstreamException.Kind.HTTP_ERROR, status >= 400 ? status : 502,
                    status == 429 ? "rate_limit_error" : "upstream_error", error.path("status").asText(null),
                    GeminiAdapter.NAME + " error: " + error.path("message").asText(), GeminiAdapter.NAME, null, null);
        }
        chunks.id(e.path("responseId").asText(null));
        chunks.model(e.path("modelVersion").asText(null));
        if (e.path("usageMetadata").isObject()) {
            usage = GeminiChatResponse.usage(e.get("usageMetadata")); // cumulative: the latest is the total
        }
        int position = 0;
        for (JsonNode c : e.path("candidates")) {
            candidate(c.path("index").asInt(position++), c, out);
        }
        if (position == 0 && e.path("promptFeedback").hasNonNull("blockReason")) {
            Candidate state = candidates.computeIfAbsent(0, i -> new Candidate());
            send(0, state, json.createObjectNode(), "content_filter", out);
            state.finished = true;
            promptBlocked = true;
        }
    }

    private void candidate(int index, JsonNode c, ChunkSink out) {
        Candidate state = candidates.computeIfAbsent(index, i -> new Candidate());
        StringBuilder text = new StringBuilder();
        for (JsonNode part : c.path("content").path("parts")) {
            if (GeminiChatResponse.isAnswerText(part)) {
                text.append(part.get("text").asText());
            } else if (part.has("functionCall")) {
                flushText(index, state, text, out);
                ObjectNode call = responses.toolCall(part.get("functionCall"));
                call.put("index", state.toolCalls++);
                ObjectNode delta = json.createObjectNode();
                delta.putArray("tool_calls").add(call);
                send(index, state, delta, null, out);
            }
        }
        flushText(index, state, text, out);
        String finish = GeminiChatResponse.finishReason(c.path("finishReason").asText(null), state.toolCalls > 0);
        if (finish != null) {
            send(index, state, json.createObjectNode(), finish, out);
            state.finished = true;
        }
    }

    private void flushText(int index, Candidate state, StringBuilder text, ChunkSink out) {
        if (text.length() > 0) {
            ObjectNode delta = json.createObjectNode();
            delta.put("content", text.toString());
            send(index, state, delta, null, out);
            text.setLength(0);
        }
    }

    /** The first delta of each choice carries the role, as OpenAI's does. */
    private void send(int index, Candidate state, ObjectNode delta, String finishReason, ChunkSink out) {
        if (!state.roleSent) {
            ObjectNode withRole = json.createObjectNode().put("role", "assistant");
            if (!delta.has("content") && !delta.has("tool_calls")) {
                withRole.put("content", "");
            }
            withRole.setAll(delta);
            delta = withRole;
            state.roleSent = true;
        }
        out.chunk(chunks.delta(index, delta, finishReason));
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw UpstreamException.badResponse(GeminiAdapter.NAME,
                    "unreadable stream event " + AdapterSupport.preview(data.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public boolean finished() {
        return promptBlocked || (!candidates.isEmpty() && candidates.values().stream().allMatch(c -> c.finished));
    }

    /** The body ended: after a complete stream the usage follows, as OpenAI sends it last. */
    @Override
    public void onClose(ChunkSink out) {
        if (finished()) {
            out.chunk(chunks.usage(usage));
        }
    }
}
