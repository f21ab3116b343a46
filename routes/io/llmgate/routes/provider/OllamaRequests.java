package io.llmgate.routes.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;

/**
 * OpenAI requests in Ollama's native API: {@code /api/chat} (messages with base64 {@code images}, tool calls with
 * object arguments, tool results naming their tool), {@code /api/generate} and {@code /api/embed}; sampling settings
 * go in {@code options}. Ollama streams unless told otherwise, so {@code stream} is always sent.
 */
final class OllamaRequests {

    private final ObjectMapper json;

    OllamaRequests(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode chat(ObjectNode body) {
        ObjectNode out = common(body);
        ArrayNode messages = out.putArray("messages");
        JsonNode in = body.path("messages");
        for (int i = 0; i < in.size(); i++) {
            messages.add(message(in, i));
        }
        tools(body, out);
        format(body, out);
        return out;
    }

    ObjectNode generate(ObjectNode body) {
        ObjectNode out = common(body);
        JsonNode prompt = body.get("prompt");
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            prompt = prompt.get(0);
        }
        if (prompt == null || !prompt.isTextual()) {
            throw GatewayException.invalidRequest("ollama completes one prompt string per request", "prompt");
        }
        if (body.path("echo").asBoolean(false)) {
            throw GatewayException.invalidRequest("ollama cannot echo the prompt", "echo");
        }
        out.put("prompt", prompt.asText());
        if (body.hasNonNull("suffix")) {
            out.put("suffix", body.get("suffix").asText());
        }
        format(body, out);
        return out;
    }

    ObjectNode embed(ObjectNode body) {
        ObjectNode out = json.createObjectNode();
        out.put("model", body.path("model").asText());
        ArrayNode input = out.putArray("input");
        Embeddings.texts(body, OllamaAdapter.NAME).forEach(input::add);
        if (body.hasNonNull("dimensions")) {
            out.set("dimensions", body.get("dimensions"));
        }
        return out;
    }

    private ObjectNode common(ObjectNode body) {
        if (body.path("n").asInt(1) != 1) {
            throw GatewayException.invalidRequest("ollama returns one choice per request; 'n' must be 1", "n");
        }
        ObjectNode out = json.createObjectNode();
        out.put("model", body.path("model").asText());
        out.put("stream", body.path("stream").asBoolean(false));
        ObjectNode options = options(body);
        if (!options.isEmpty()) {
            out.set("options", options);
        }
        return out;
    }

    private ObjectNode options(JsonNode body) {
        ObjectNode options = json.createObjectNode();
        copy(body, "temperature", options, "temperature");
        copy(body, "top_p", options, "top_p");
        copy(body, "top_k", options, "top_k");
        copy(body, "seed", options, "seed");
        copy(body, "presence_penalty", options, "presence_penalty");
        copy(body, "frequency_penalty", options, "frequency_penalty");
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            options.set("num_predict", max);
        }
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            options.putArray("stop").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            options.set("stop", stop);
        }
        return options;
    }

    private ObjectNode message(JsonNode messages, int index) {
        JsonNode m = messages.get(index);
        String role = m.path("role").asText();
        String param = "messages[" + index + "]";
        ObjectNode out = json.createObjectNode();
        switch (role) {
            case "system", "developer" -> out.put("role", "system").put("content", ChatMessages.text(m.get("content")));
            case "user" -> {
                out.put("role", "user").put("content", ChatMessages.text(m.get("content")));
                ArrayNode images = images(m.get("content"), param + ".content");
                if (!images.isEmpty()) {
                    out.set("images", images);
                }
            }
            case "assistant" -> {
                out.put("role", "assistant").put("content", ChatMessages.text(m.get("content")));
                if (m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty()) {
                    ArrayNode calls = out.putArray("tool_calls");
                    for (JsonNode call : m.get("tool_calls")) {
                        calls.addObject().putObject("function")
                                .put("name", call.path("function").path("name").asText())
                                .set("arguments", ChatMessages.arguments(json, call, param + ".tool_calls"));
                    }
                }
            }
            case "tool", "function" -> out.put("role", "tool").put("content", ChatMessages.text(m.get("content")))
                    .put("tool_name", ChatMessages.toolName(messages, index, param + ".tool_call_id"));
            default -> throw GatewayException.invalidRequest("unknown role '" + role + "'", param + ".role");
        }
        return out;
    }

    /** Ollama reads images from base64 only: data: URLs lose their prefix, other URLs cannot be fetched. */
    private ArrayNode images(JsonNode content, String param) {
        ArrayNode images = json.createArrayNode();
        if (content == null || !content.isArray()) {
            return images;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            if ("image_url".equals(type)) {
                DataUrl data = DataUrl.parse(ChatMessages.imageUrl(part));
                if (data == null) {
                    throw GatewayException.invalidRequest("ollama takes images as base64 data: URLs only",
                            param + "[" + i + "]");
                }
                images.add(data.base64());
            } else if (!"text".equals(type)) {
                throw GatewayException.invalidRequest("content part type '" + type + "' is not supported by ollama",
                        param + "[" + i + "]");
            }
        }
        return images;
    }

    /**
     * Ollama has no tool_choice: "none" sends no tools, a named function sends only that one, and "required"
     * cannot be enforced (the model may still answer in text).
     */
    private void tools(JsonNode body, ObjectNode out) {
        JsonNode tools = body.get("tools");
        JsonNode choice = body.path("tool_choice");
        if (tools == null || !tools.isArray() || tools.isEmpty() || "none".equals(choice.asText())) {
            return;
        }
        String only = choice.isObject() ? choice.path("function").path("name").asText(null) : null;
        ArrayNode outTools = json.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!"function".equals(t.path("type").asText("function"))) {
                throw GatewayException.invalidRequest("ollama supports tools of type 'function' only", "tools[" + i + "]");
            }
            JsonNode f = t.path("function");
            if (only != null && !only.equals(f.path("name").asText())) {
                continue;
            }
            ObjectNode function = outTools.addObject().put("type", "function").putObject("function");
            function.put("name", f.path("name").asText());
            if (f.hasNonNull("description")) {
                function.put("description", f.get("description").asText());
            }
            function.set("parameters", f.hasNonNull("parameters") ? f.get("parameters")
                    : json.createObjectNode().put("type", "object"));
        }
        if (only != null && outTools.isEmpty()) {
            throw GatewayException.invalidRequest("tool_choice names '" + only + "', which is not in tools", "tool_choice");
        }
        if (!outTools.isEmpty()) {
            out.set("tools", outTools);
        }
    }

    /** JSON mode is {@code "format":"json"}; a JSON schema goes in {@code format} itself. */
    private static void format(JsonNode body, ObjectNode out) {
        JsonNode format = body.path("response_format");
        switch (format.path("type").asText("text")) {
            case "json_object" -> out.put("format", "json");
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    out.set("format", schema);
                } else {
                    out.put("format", "json");
                }
            }
            case "text" -> {
            }
            default -> throw GatewayException.invalidRequest("response_format type '"
                    + format.path("type").asText() + "' is not supported by ollama", "response_format");
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field));
        }
    }
}
