package io.llmgate.routes.provider;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.Usage;

/** OpenAI's embeddings request and response, for providers with their own embedding API. */
final class Embeddings {

    private Embeddings() {
    }

    /** The texts to embed: {@code input} as a string or a list of strings (token arrays need OpenAI's tokenizer). */
    static List<String> texts(JsonNode body, String provider) {
        JsonNode input = body.get("input");
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
            return texts;
        }
        if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw GatewayException.invalidRequest(provider + " embeds text only: 'input' must be a string "
                            + "or a list of strings", "input");
                }
                texts.add(item.asText());
            }
            return texts;
        }
        throw GatewayException.invalidRequest("'input' must be a string or a list of strings", "input");
    }

    /**
     * OpenAI's list of embeddings. With {@code encoding_format: "base64"} (what the OpenAI SDKs ask for by default)
     * each vector becomes little-endian float32 bytes in base64, as OpenAI sends it.
     */
    static ObjectNode list(JsonNode requestBody, List<JsonNode> vectors, Usage usage) {
        boolean base64 = "base64".equals(requestBody.path("encoding_format").asText());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                item.set("embedding", vectors.get(i));
            }
        }
        out.put("model", requestBody.path("model").asText());
        ObjectNode u = out.putObject("usage");
        u.put("prompt_tokens", usage.promptTokens());
        u.put("total_tokens", usage.promptTokens());
        return out;
    }

    private static String base64(JsonNode vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode v : vector) {
            bytes.putFloat((float) v.asDouble());
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
