package io.llmgate.routes.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAI request as Mistral accepts it. Mistral validates strictly and answers 422 ("Extra inputs are not
 * permitted") to any field it does not know, so only its own fields are sent, some under their Mistral names.
 */
final class MistralRequest {

    /** Chat fields of Mistral's ChatCompletionRequest. */
    private static final Set<String> CHAT_FIELDS = Set.of("model", "messages", "temperature", "top_p", "max_tokens",
            "stream", "stop", "random_seed", "response_format", "tools", "tool_choice", "presence_penalty",
            "frequency_penalty", "n", "prediction", "parallel_tool_calls", "prompt_mode", "safe_prompt");
    /** Fields of Mistral's EmbeddingRequest. */
    private static final Set<String> EMBEDDING_FIELDS = Set.of("model", "input", "output_dimension", "output_dtype",
            "encoding_format");
    /** OpenAI names of fields Mistral has under another name. */
    private static final Map<String, String> CHAT_RENAMES = Map.of(
            "max_completion_tokens", "max_tokens",
            "seed", "random_seed");
    private static final Map<String, String> EMBEDDING_RENAMES = Map.of("dimensions", "output_dimension");
    /** Message fields Mistral knows; OpenAI's "name" is accepted on tool messages only. */
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id", "prefix");
    /** Mistral rejects tool call ids that are not exactly 9 letters and digits. */
    private static final Pattern TOOL_CALL_ID = Pattern.compile("[A-Za-z0-9]{9}");
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final ObjectMapper json;

    MistralRequest(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode chat(ObjectNode body) {
        ObjectNode out = only(body, CHAT_FIELDS, CHAT_RENAMES);
        if ("required".equals(out.path("tool_choice").asText())) {
            out.put("tool_choice", "any"); // Mistral's name for it
        }
        JsonNode messages = out.get("messages");
        if (messages != null && messages.isArray()) {
            ArrayNode cleaned = out.putArray("messages");
            for (JsonNode m : messages) {
                cleaned.add(message(m));
            }
        }
        return out;
    }

    ObjectNode embeddings(ObjectNode body) {
        return only(body, EMBEDDING_FIELDS, EMBEDDING_RENAMES);
    }

    /**
     * The known fields, then the renamed ones under their Mistral name: set last, so OpenAI's
     * {@code max_completion_tokens} supersedes {@code max_tokens} as it does at OpenAI.
     */
    private ObjectNode only(ObjectNode body, Set<String> fields, Map<String, String> renames) {
        ObjectNode out = json.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (fields.contains(field.getKey()) && !field.getValue().isNull()) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        renames.forEach((openAi, mistral) -> {
            if (body.hasNonNull(openAi)) {
                out.set(mistral, body.get(openAi).deepCopy());
            }
        });
        return out;
    }

    private JsonNode message(JsonNode m) {
        if (!(m instanceof ObjectNode in)) {
            return m;
        }
        ObjectNode out = json.createObjectNode();
        boolean tool = "tool".equals(in.path("role").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            boolean known = MESSAGE_FIELDS.contains(name) || (tool && "name".equals(name));
            if (known && !field.getValue().isNull()) {
                out.set(name, field.getValue().deepCopy());
            }
        }
        if (out.hasNonNull("tool_call_id")) {
            out.put("tool_call_id", toolCallId(out.get("tool_call_id").asText()));
        }
        for (JsonNode call : out.path("tool_calls")) {
            if (call instanceof ObjectNode c && c.hasNonNull("id")) {
                c.put("id", toolCallId(c.get("id").asText()));
            }
        }
        return out;
    }

    /**
     * Ids from other providers ({@code call_...}, {@code toolu_...}) become 9 letters and digits derived from the
     * original, so a call and the tool message answering it still match.
     */
    static String toolCallId(String id) {
        if (TOOL_CALL_ID.matcher(id).matches()) {
            return id;
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
        char[] out = new char[9];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHANUMERIC[(hash[i] & 0xff) % ALPHANUMERIC.length];
        }
        return new String(out);
    }
}
