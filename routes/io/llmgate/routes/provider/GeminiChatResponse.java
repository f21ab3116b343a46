package io.llmgate.routes.provider;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Usage;

/** Gemini's {@code GenerateContentResponse} as an OpenAI {@code chat.completion}; the pieces serve the stream too. */
final class GeminiChatResponse {

    private final ObjectMapper json;

    GeminiChatResponse(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode translate(ObjectNode in, String requestedModel) {
        ObjectNode out = json.createObjectNode();
        out.put("id", in.hasNonNull("responseId") ? in.get("responseId").asText() : Ids.chatCompletion());
        out.put("object", "chat.completion");
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", in.path("modelVersion").asText(requestedModel));
        ArrayNode choices = out.putArray("choices");
        for (JsonNode candidate : in.path("candidates")) {
            choices.add(choice(candidate, choices.size()));
        }
        if (choices.isEmpty()) {
            // the prompt itself was blocked (promptFeedback.blockReason): no candidate at all
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", "");
            choice.put("finish_reason", "content_filter");
        }
        out.set("usage", usage(in.path("usageMetadata")).toJson());
        return out;
    }

    private ObjectNode choice(JsonNode candidate, int position) {
        ObjectNode choice = json.createObjectNode();
        choice.put("index", candidate.path("index").asInt(position));
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (isAnswerText(part)) {
                text.append(part.get("text").asText());
            } else if (part.has("functionCall")) {
                calls.add(toolCall(part.get("functionCall")));
            }
        }
        if (text.length() > 0 || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.put("finish_reason", finishReason(candidate.path("finishReason").asText(null), !calls.isEmpty()));
        return choice;
    }

    /** Text the model answered; thought summaries ({@code "thought": true}) are not part of the answer. */
    static boolean isAnswerText(JsonNode part) {
        return part.hasNonNull("text") && !part.path("thought").asBoolean(false);
    }

    /** A {@code functionCall} part as an OpenAI tool call; Gemini's own call id is kept when it sends one. */
    ObjectNode toolCall(JsonNode functionCall) {
        ObjectNode call = json.createObjectNode();
        call.put("id", functionCall.hasNonNull("id") ? functionCall.get("id").asText() : Ids.toolCall());
        call.put("type", "function");
        JsonNode args = functionCall.path("args");
        call.putObject("function").put("name", functionCall.path("name").asText())
                .put("arguments", args.isObject() ? args.toString() : "{}");
        return call;
    }

    /** Gemini says STOP after a function call too; OpenAI clients look for tool_calls. */
    static String finishReason(String reason, boolean calledTools) {
        if (reason == null || reason.isEmpty()) {
            return null;
        }
        if (calledTools && ("STOP".equals(reason) || "FINISH_REASON_UNSPECIFIED".equals(reason))) {
            return "tool_calls";
        }
        return switch (reason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> "stop";
        };
    }

    /** Thinking tokens are billed as output, as OpenAI counts reasoning tokens into completion_tokens. */
    static Usage usage(JsonNode metadata) {
        return new Usage(metadata.path("promptTokenCount").asLong(0),
                metadata.path("candidatesTokenCount").asLong(0) + metadata.path("thoughtsTokenCount").asLong(0),
                metadata.path("cachedContentTokenCount").asLong(0));
    }
}
