package io.llmgate.routes.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;

/**
 * Ollama's NDJSON stream as OpenAI chunks: one JSON object per line with the next piece of {@code message} (chat)
 * or {@code response} (generate), ending with a line {@code "done": true} that holds the reason and token counts.
 * A stream without that line was cut off.
 */
final class OllamaStream implements StreamTranslator {

    private final ObjectMapper json;
    private final OllamaResponses responses;
    private final ChunkBuilder chunks;
    private final boolean chat;
    private boolean roleSent;
    private int toolCalls;
    private boolean done;

    private OllamaStream(ObjectMapper json, OllamaResponses responses, ChunkBuilder chunks, boolean chat) {
        this.json = json;
        this.responses = responses;
        this.chunks = chunks;
        this.chat = chat;
    }

    /** {@code /api/chat} as {@code chat.completion.chunk}s. */
    static OllamaStream chat(ObjectMapper json, OllamaResponses responses, String model) {
        return new OllamaStream(json, responses, ChunkBuilder.forChat(model), true);
    }

    /** {@code /api/generate} as {@code text_completion} chunks. */
    static OllamaStream generate(ObjectMapper json, OllamaResponses responses, String model) {
        return new OllamaStream(json, responses, ChunkBuilder.forText(model), false);
    }

    @Override
    public void onEvent(String event, String data, ChunkSink out) {
        JsonNode line = parse(data);
        if (line.hasNonNull("error")) {
            // an error after the 200, e.g. the model runner crashed mid-answer
            throw new UpstreamException(UpstreamException.Kind.HTTP_ERROR, 502, "upstream_error", null,
                    OllamaAdapter.NAME + " error: " + line.get("error").asText(), OllamaAdapter.NAME, null, null);
        }
        if (chat) {
            chatLine(line, out);
        } else {
            String text = line.path("response").asText("");
            if (!text.isEmpty()) {
                out.chunk(chunks.text(0, text, null));
            }
        }
        if (line.path("done").asBoolean(false)) {
            String reason = OllamaResponses.finishReason(line.path("done_reason").asText(null), toolCalls > 0);
            out.chunk(chat ? chunks.delta(0, roleOnce(json.createObjectNode()), reason) : chunks.text(0, "", reason));
            Usage usage = OllamaResponses.usage(line);
            out.chunk(chunks.usage(usage));
            done = true;
        }
    }

    private void chatLine(JsonNode line, ChunkSink out) {
        JsonNode message = line.path("message");
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            ObjectNode delta = json.createObjectNode();
            delta.put("content", content);
            out.chunk(chunks.delta(0, roleOnce(delta), null));
        }
        for (JsonNode c : message.path("tool_calls")) {
            ObjectNode call = responses.toolCall(c);
            call.put("index", toolCalls++);
            ObjectNode delta = json.createObjectNode();
            delta.putArray("tool_calls").add(call);
            out.chunk(chunks.delta(0, roleOnce(delta), null));
        }
    }

    /** The first delta carries the role, as OpenAI's does. */
    private ObjectNode roleOnce(ObjectNode delta) {
        if (roleSent) {
            return delta;
        }
        roleSent = true;
        ObjectNode withRole = json.createObjectNode().put("role", "assistant");
        if (!delta.has("content") && !delta.has("tool_calls")) {
            withRole.put("content", "");
        }
        withRole.setAll(delta);
        return withRole;
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw UpstreamException.badResponse(OllamaAdapter.NAME,
                    "unreadable stream line " + AdapterSupport.preview(data.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public boolean finished() {
        return done;
    }
}
