package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.llmgate.routes.api.GatewayRequest;

/**
 * A conditional-routing query, compiled once when the config is loaded. Portkey's operators ({@code $eq $ne $gt $gte
 * $lt $lte $in $nin $regex $and $or}) over {@code metadata.*}, {@code params.*} (the request body, at any depth,
 * array indexes as numbers), {@code headers.*} and {@code path}.
 */
@FunctionalInterface
public interface Condition {

    boolean test(GatewayRequest request);

    /** Compiles a query; problems are added to {@code errors} as "path: message". */
    static Condition compile(JsonNode query, String path, List<String> errors) {
        if (query == null || !query.isObject()) {
            errors.add(path + ": must be an object");
            return r -> false;
        }
        List<Condition> all = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = query.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            String at = path + "." + key;
            if (key.equals("$and") || key.equals("$or")) {
                if (!value.isArray() || value.isEmpty()) {
                    errors.add(at + ": must be a non-empty array of queries");
                    continue;
                }
                List<Condition> parts = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    parts.add(compile(value.get(i), at + "[" + i + "]", errors));
                }
                all.add(key.equals("$and") ? r -> parts.stream().allMatch(c -> c.test(r))
                        : r -> parts.stream().anyMatch(c -> c.test(r)));
            } else if (key.startsWith("$")) {
                errors.add(at + ": unknown operator at this level (use $and or $or, or a field name)");
            } else {
                Field field = Field.of(key);
                if (field == null) {
                    errors.add(at + ": field must start with metadata., params., headers. or be 'path'");
                    continue;
                }
                all.add(fieldCondition(field, value, at, errors));
            }
        }
        return r -> {
            for (Condition c : all) {
                if (!c.test(r)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Condition fieldCondition(Field field, JsonNode spec, String at, List<String> errors) {
        if (!spec.isObject() || !spec.fieldNames().hasNext() || !spec.fieldNames().next().startsWith("$")) {
            return r -> Values.equal(field.read(r), spec); // implicit $eq
        }
        List<Condition> ops = new ArrayList<>();
        spec.fields().forEachRemaining(op -> {
            JsonNode operand = op.getValue();
            String opAt = at + "." + op.getKey();
            switch (op.getKey()) {
                case "$eq" -> ops.add(r -> Values.equal(field.read(r), operand));
                case "$ne" -> ops.add(r -> !Values.equal(field.read(r), operand));
                case "$gt" -> ops.add(r -> {
                    Integer c = Values.compare(field.read(r), operand);
                    return c != null && c > 0;
                });
                case "$gte" -> ops.add(r -> {
                    Integer c = Values.compare(field.read(r), operand);
                    return c != null && c >= 0;
                });
                case "$lt" -> ops.add(r -> {
                    Integer c = Values.compare(field.read(r), operand);
                    return c != null && c < 0;
                });
                case "$lte" -> ops.add(r -> {
                    Integer c = Values.compare(field.read(r), operand);
                    return c != null && c <= 0;
                });
                case "$in", "$nin" -> {
                    if (!operand.isArray()) {
                        errors.add(opAt + ": must be an array");
                        return;
                    }
                    boolean in = op.getKey().equals("$in");
                    ops.add(r -> {
                        JsonNode v = field.read(r);
                        for (JsonNode candidate : operand) {
                            if (Values.equal(v, candidate)) {
                                return in;
                            }
                        }
                        return !in;
                    });
                }
                case "$regex" -> {
                    try {
                        Pattern p = Pattern.compile(operand.asText());
                        ops.add(r -> {
                            JsonNode v = field.read(r);
                            return v != null && !v.isNull() && !v.isMissingNode() && p.matcher(v.asText()).find();
                        });
                    } catch (PatternSyntaxException e) {
                        errors.add(opAt + ": invalid regular expression: " + e.getDescription());
                    }
                }
                default -> errors.add(opAt + ": unknown operator (known: $eq $ne $gt $gte $lt $lte $in $nin $regex)");
            }
        });
        return r -> {
            for (Condition c : ops) {
                if (!c.test(r)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Where a query field reads its value from. */
    record Field(String source, String[] segments) {

        static Field of(String key) {
            if (key.equals("path") || key.equals("url.pathname")) {
                return new Field("path", new String[0]);
            }
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                return null;
            }
            String source = key.substring(0, dot);
            if (!source.equals("metadata") && !source.equals("params") && !source.equals("headers")) {
                return null;
            }
            String rest = key.substring(dot + 1);
            return new Field(source, source.equals("params") ? rest.split("\\.") : new String[] {rest});
        }

        JsonNode read(GatewayRequest r) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            switch (source) {
                case "path":
                    return f.textNode(r.endpoint().path());
                case "metadata": {
                    String v = r.metadata().get(segments[0]);
                    return v == null ? null : f.textNode(v);
                }
                case "headers": {
                    String v = r.header(segments[0].toLowerCase());
                    return v == null ? null : f.textNode(v);
                }
                default: {
                    JsonNode node = r.body();
                    for (String s : segments) {
                        if (node == null) {
                            return null;
                        }
                        node = node.isArray() && s.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(s))
                                : node.get(s);
                    }
                    return node;
                }
            }
        }
    }

    /** Comparison of request values (often strings, as in metadata) with query operands. */
    final class Values {
        private Values() {
        }

        static boolean equal(JsonNode value, JsonNode operand) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return operand == null || operand.isNull();
            }
            Double a = number(value);
            Double b = number(operand);
            if (a != null && b != null) {
                return a.doubleValue() == b.doubleValue();
            }
            if (value.isBoolean() || operand.isBoolean()) {
                return value.asText().equals(operand.asText());
            }
            return value.isValueNode() ? value.asText().equals(operand.asText()) : value.equals(operand);
        }

        /** Negative, zero or positive; null when the value is missing, so no ordering operator matches it. */
        static Integer compare(JsonNode value, JsonNode operand) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return null;
            }
            Double a = number(value);
            Double b = number(operand);
            if (a != null && b != null) {
                return Double.compare(a, b);
            }
            return value.asText().compareTo(operand.asText());
        }

        private static Double number(JsonNode n) {
            if (n == null) {
                return null;
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isTextual()) {
                try {
                    return Double.parseDouble(n.asText());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
