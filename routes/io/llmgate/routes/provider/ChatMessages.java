package io.llmgate.routes.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;

/** Reading OpenAI chat messages, shared by the adapters that rebuild them in another shape. */
final class ChatMessages {

    private ChatMessages() {
    }

    /** The text of a message's content: the string itself, or its text parts joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    /** The URL of an {@code image_url} part (a plain string in old clients, {@code {"url":...}} in current ones). */
    static String imageUrl(JsonNode part) {
        JsonNode image = part.path("image_url");
        return image.isTextual() ? image.asText() : image.path("url").asText();
    }

    /** A tool call's {@code function.arguments} (a JSON string in OpenAI's API) as an object. */
    static ObjectNode arguments(ObjectMapper json, JsonNode call, String param) {
        String args = call.path("function").path("arguments").asText("");
        if (args.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode parsed = json.readTree(args);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw GatewayException.invalidRequest("tool call arguments must be a JSON object encoded as a string", param);
    }

    /** The name of the function a tool message answers, from the assistant message that called it. */
    static String toolName(JsonNode messages, int toolMessageIndex, String param) {
        JsonNode m = messages.get(toolMessageIndex);
        String id = m.path("tool_call_id").asText(null);
        for (int i = toolMessageIndex - 1; id != null && i >= 0; i--) {
            for (JsonNode call : messages.get(i).path("tool_calls")) {
                if (id.equals(call.path("id").asText())) {
                    return call.path("function").path("name").asText();
                }
            }
        }
        if (m.hasNonNull("name")) {
            return m.get("name").asText(); // legacy "function" messages, and clients that name tool messages
        }
        throw GatewayException.invalidRequest("tool message answers tool_call_id '" + id
                + "', which no earlier assistant message called", param);
    }
}
