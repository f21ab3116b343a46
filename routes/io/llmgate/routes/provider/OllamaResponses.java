package io.llmgate.routes.provider;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Usage;

/** Ollama's native answers in OpenAI's shapes; the pieces serve the stream too. */
final class OllamaResponses {

    private final ObjectMapper json;

    OllamaResponses(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode chat(ObjectNode in, String requestedModel) {
        ObjectNode out = json.createObjectNode();
        out.put("id", Ids.chatCompletion());
        out.put("object", "chat.completion");
        out.put("created", created(in));
        out.put("model", in.path("model").asText(requestedModel));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        ArrayNode calls = toolCalls(in.path("message").path("tool_calls"));
        String content = in.path("message").path("content").asText("");
        if (!content.isEmpty() || calls.isEmpty()) {
            message.put("content", content);
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.put("finish_reason", finishReason(in.path("done_reason").asText(null), !calls.isEmpty()));
        out.set("usage", usage(in).toJson());
        return out;
    }

    ObjectNode generate(ObjectNode in, String requestedModel) {
        ObjectNode out = json.createObjectNode();
        out.put("id", Ids.completion());
        out.put("object", "text_completion");
        out.put("created", created(in));
        out.put("model", in.path("model").asText(requestedModel));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("text", in.path("response").asText(""));
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(in.path("done_reason").asText(null), false));
        out.set("usage", usage(in).toJson());
        return out;
    }

    ObjectNode embed(ObjectNode requestBody, ObjectNode in) {
        List<JsonNode> vectors = new ArrayList<>();
        in.path("embeddings").forEach(vectors::add);
        return Embeddings.list(requestBody, vectors, new Usage(in.path("prompt_eval_count").asLong(0), 0, 0));
    }

    /** {@code /api/tags}: the local models, named as {@code /api/chat} takes them ({@code llama3.2:latest}). */
    ObjectNode models(ObjectNode in) {
        ObjectNode out = json.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (JsonNode m : in.path("models")) {
            data.addObject().put("id", m.path("name").asText(m.path("model").asText()))
                    .put("object", "model").put("created", epochSeconds(m.path("modified_at").asText(null)))
                    .put("owned_by", OllamaAdapter.NAME);
        }
        return out;
    }

    private ArrayNode toolCalls(JsonNode calls) {
        ArrayNode out = json.createArrayNode();
        calls.forEach(c -> out.add(toolCall(c)));
        return out;
    }

    /** Ollama's tool calls have object arguments and (in older versions) no id; OpenAI's have both as strings. */
    ObjectNode toolCall(JsonNode c) {
        JsonNode f = c.path("function");
        ObjectNode call = json.createObjectNode();
        call.put("id", c.hasNonNull("id") ? c.get("id").asText() : Ids.toolCall());
        call.put("type", "function");
        JsonNode args = f.path("arguments");
        call.putObject("function").put("name", f.path("name").asText())
                .put("arguments", args.isTextual() ? args.asText() : args.isObject() ? args.toString() : "{}");
        return call;
    }

    /** Ollama says "stop" after tool calls too; OpenAI clients look for tool_calls. */
    static String finishReason(String doneReason, boolean calledTools) {
        if (calledTools) {
            return "tool_calls";
        }
        return "length".equals(doneReason) ? "length" : "stop";
    }

    static Usage usage(JsonNode in) {
        return new Usage(in.path("prompt_eval_count").asLong(0), in.path("eval_count").asLong(0), 0);
    }

    private static long created(JsonNode in) {
        long at = epochSeconds(in.path("created_at").asText(null));
        return at > 0 ? at : Instant.now().getEpochSecond();
    }

    private static long epochSeconds(String timestamp) {
        if (timestamp == null) {
            return 0;
        }
        try {
            return OffsetDateTime.parse(timestamp).toEpochSecond(); // "2024-05-01T10:00:00.123456789-07:00" too
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
