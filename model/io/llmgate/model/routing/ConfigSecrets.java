package io.llmgate.model.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provider keys written inline in a routing config ({@code api_key}) never leave the gateway again: the admin API
 * and the audit trail show {@value #REDACTED}, and a config sent back with {@value #REDACTED} keeps the key stored
 * at the same place, so a config can be read, edited and saved without ever seeing its keys.
 */
public final class ConfigSecrets {

    public static final String REDACTED = "[redacted]";
    static final String FIELD = "api_key";

    private ConfigSecrets() {
    }

    public static JsonNode redact(JsonNode config) {
        if (config == null) {
            return null;
        }
        JsonNode copy = config.deepCopy();
        walk(copy, (object) -> {
            if (object.path(FIELD).isTextual()) {
                object.put(FIELD, REDACTED);
            }
        });
        return copy;
    }

    /**
     * Puts back the stored keys where the incoming config says {@value #REDACTED}.
     *
     * @throws IllegalArgumentException naming the path when there is no stored key at that place
     */
    public static JsonNode restore(JsonNode incoming, JsonNode stored) {
        JsonNode copy = incoming.deepCopy();
        List<String> missing = new ArrayList<>();
        restore(copy, stored, "", missing);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", missing));
        }
        return copy;
    }

    private static void restore(JsonNode node, JsonNode stored, String path, List<String> missing) {
        if (node instanceof ObjectNode object) {
            if (REDACTED.equals(object.path(FIELD).asText(null))) {
                JsonNode original = stored == null ? null : stored.get(FIELD);
                if (original == null || !original.isTextual() || REDACTED.equals(original.asText())) {
                    missing.add((path.isEmpty() ? "" : path + ".") + FIELD
                            + ": no stored key to keep here; send the key or use a virtual_key");
                } else {
                    object.put(FIELD, original.asText());
                }
            }
            for (Map.Entry<String, JsonNode> field : iterable(object)) {
                restore(field.getValue(), stored == null ? null : stored.get(field.getKey()),
                        (path.isEmpty() ? "" : path + ".") + field.getKey(), missing);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                restore(array.get(i), stored == null ? null : stored.get(i), path + "[" + i + "]", missing);
            }
        }
    }

    interface ObjectVisitor {
        void visit(ObjectNode object);
    }

    /** Visits every object of the config, nested ones included (targets of targets). */
    static void walk(JsonNode node, ObjectVisitor visitor) {
        if (node instanceof ObjectNode object) {
            visitor.visit(object);
            object.elements().forEachRemaining(child -> walk(child, visitor));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> walk(child, visitor));
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.fields().forEachRemaining(fields::add);
        return fields;
    }
}
