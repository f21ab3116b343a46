package io.llmgate.routes.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;

/**
 * An OpenAI chat request as Gemini's {@code GenerateContentRequest}: system prompt apart ({@code systemInstruction}),
 * turns of roles {@code user} / {@code model} made of parts, tools as function declarations, sampling settings in
 * {@code generationConfig}.
 */
final class GeminiChatRequest {

    private final ObjectMapper json;

    GeminiChatRequest(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode translate(ObjectNode body) {
        ObjectNode out = json.createObjectNode();
        ArrayNode system = json.createArrayNode();
        ArrayNode contents = out.putArray("contents");
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            String param = "messages[" + i + "]";
            switch (role) {
                case "system", "developer" -> {
                    String text = ChatMessages.text(m.get("content"));
                    if (!text.isEmpty()) {
                        system.addObject().put("text", text);
                    }
                }
                case "user" -> append(contents, "user", userParts(m.get("content"), param + ".content"));
                case "assistant" -> append(contents, "model", modelParts(m, param));
                case "tool", "function" -> append(contents, "user",
                        json.createArrayNode().add(functionResponse(messages, i, param)));
                default -> throw GatewayException.invalidRequest("unknown role '" + role + "'", param + ".role");
            }
        }
        if (contents.isEmpty()) {
            throw GatewayException.invalidRequest("google needs at least one user or assistant message", "messages");
        }
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").set("parts", system);
        }
        tools(body, out);
        ObjectNode config = generationConfig(body);
        if (!config.isEmpty()) {
            out.set("generationConfig", config);
        }
        return out;
    }

    /** Gemini wants turns to alternate: consecutive messages of one role become one turn. */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
        } else {
            ObjectNode turn = contents.addObject();
            turn.put("role", role);
            turn.set("parts", parts);
        }
    }

    private ArrayNode userParts(JsonNode content, String param) {
        ArrayNode parts = json.createArrayNode();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.addObject().put("text", content.asText());
            return parts;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> parts.addObject().put("text", part.path("text").asText());
                case "image_url" -> parts.add(inline(ChatMessages.imageUrl(part), param + "[" + i + "]"));
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    parts.addObject().putObject("inlineData")
                            .put("mimeType", "audio/" + audio.path("format").asText("wav"))
                            .put("data", audio.path("data").asText());
                }
                case "file" -> parts.add(inline(part.path("file").path("file_data").asText(null), param + "[" + i + "]"));
                default -> throw GatewayException.invalidRequest(
                        "content part type '" + type + "' is not supported by google", param + "[" + i + "]");
            }
        }
        return parts;
    }

    /** Gemini cannot fetch arbitrary URLs: media travels inline, from data: URLs. */
    private ObjectNode inline(String url, String param) {
        DataUrl data = DataUrl.parse(url);
        if (data == null) {
            throw GatewayException.invalidRequest("google takes images and files as base64 data: URLs only", param);
        }
        ObjectNode part = json.createObjectNode();
        part.putObject("inlineData").put("mimeType", data.mimeType()).put("data", data.base64());
        return part;
    }

    private ArrayNode modelParts(JsonNode m, String param) {
        ArrayNode parts = json.createArrayNode();
        String text = ChatMessages.text(m.get("content"));
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        for (JsonNode call : m.path("tool_calls")) {
            ObjectNode functionCall = parts.addObject().putObject("functionCall");
            functionCall.put("name", call.path("function").path("name").asText());
            functionCall.set("args", ChatMessages.arguments(json, call, param + ".tool_calls"));
        }
        return parts;
    }

    /** Gemini matches a result to its call by function name, so the name comes from the call it answers. */
    private ObjectNode functionResponse(JsonNode messages, int index, String param) {
        String name = ChatMessages.toolName(messages, index, param + ".tool_call_id");
        ObjectNode part = json.createObjectNode();
        ObjectNode response = part.putObject("functionResponse");
        response.put("name", name);
        response.set("response", responseObject(ChatMessages.text(messages.get(index).get("content"))));
        return part;
    }

    /** A JSON object result goes as it is; anything else as {"output": text}, the key Gemini documents. */
    private ObjectNode responseObject(String content) {
        try {
            JsonNode parsed = json.readTree(content);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // plain text
        }
        ObjectNode wrapped = json.createObjectNode();
        wrapped.put("output", content);
        return wrapped;
    }

    private void tools(JsonNode body, ObjectNode out) {
        JsonNode tools = body.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode declarations = out.putArray("tools").addObject().putArray("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!"function".equals(t.path("type").asText("function"))) {
                throw GatewayException.invalidRequest("google supports tools of type 'function' only", "tools[" + i + "]");
            }
            JsonNode f = t.path("function");
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", f.path("name").asText());
            if (f.hasNonNull("description")) {
                declaration.put("description", f.get("description").asText());
            }
            if (f.hasNonNull("parameters")) {
                // JSON Schema as OpenAI clients write it; "parameters" would take only Gemini's OpenAPI subset
                declaration.set("parametersJsonSchema", f.get("parameters"));
            }
        }
        ObjectNode callingConfig = functionCallingConfig(body.get("tool_choice"));
        if (callingConfig != null) {
            out.putObject("toolConfig").set("functionCallingConfig", callingConfig);
        }
    }

    private ObjectNode functionCallingConfig(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode config = json.createObjectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "none" -> config.put("mode", "NONE");
                case "required" -> config.put("mode", "ANY");
                case "auto" -> config.put("mode", "AUTO");
                default -> throw GatewayException.invalidRequest("tool_choice must be none, auto, required or a "
                        + "function", "tool_choice");
            }
            return config;
        }
        String name = choice.path("function").path("name").asText("");
        if (name.isEmpty()) {
            throw GatewayException.invalidRequest("tool_choice names no function", "tool_choice");
        }
        config.put("mode", "ANY");
        config.putArray("allowedFunctionNames").add(name);
        return config;
    }

    private ObjectNode generationConfig(JsonNode body) {
        ObjectNode config = json.createObjectNode();
        copy(body, "temperature", config, "temperature");
        copy(body, "top_p", config, "topP");
        copy(body, "top_k", config, "topK");
        copy(body, "presence_penalty", config, "presencePenalty");
        copy(body, "frequency_penalty", config, "frequencyPenalty");
        copy(body, "seed", config, "seed");
        copy(body, "n", config, "candidateCount");
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            config.set("maxOutputTokens", max);
        }
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            config.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            config.set("stopSequences", stop);
        }
        JsonNode format = body.path("response_format");
        switch (format.path("type").asText("text")) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    config.set("responseJsonSchema", schema);
                }
            }
            case "text" -> {
            }
            default -> throw GatewayException.invalidRequest("response_format type '"
                    + format.path("type").asText() + "' is not supported by google", "response_format");
        }
        return config;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field));
        }
    }
}
