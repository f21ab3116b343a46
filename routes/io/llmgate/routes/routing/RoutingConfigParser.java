package io.llmgate.routes.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import io.llmgate.routes.provider.ProviderRegistry;

/**
 * Reads a routing config in Portkey's schema (accepted unchanged) plus our additions, validates every field with its
 * path, and resolves what children inherit from parents. Returns a {@link PlanNode} tree or throws
 * {@link InvalidConfigException} listing all problems: a config is applied whole or not at all.
 */
@Component
public class RoutingConfigParser {

    static final int MAX_DEPTH = 10;
    static final long MAX_TIMEOUT_MILLIS = 3_600_000;

    private final ProviderRegistry providers;

    public RoutingConfigParser(ProviderRegistry providers) {
        this.providers = providers;
    }

    /** What a child takes from its parent unless it sets its own. */
    private record Inherited(PlanNode.Retry retry, Long timeout, ObjectNode overrideParams, String customHost,
                             List<String> forwardHeaders, PlanNode.Breaker breaker) {
        static final Inherited ROOT = new Inherited(PlanNode.Retry.NONE, null, null, null, List.of(), null);
    }

    public PlanNode parse(JsonNode config) {
        List<String> errors = new ArrayList<>();
        PlanNode root = node(config, "config", Inherited.ROOT, 0, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return root;
    }

    private PlanNode node(JsonNode n, String path, Inherited parent, int depth, List<String> errors) {
        String at = display(path);
        if (n == null || !n.isObject()) {
            errors.add(at + ": must be a JSON object");
            return null;
        }
        if (depth > MAX_DEPTH) {
            errors.add(at + ": configs nest at most " + MAX_DEPTH + " levels deep");
            return null;
        }
        Inherited own = new Inherited(
                n.has("retry") ? retry(n.get("retry"), join(at, "retry"), errors) : parent.retry(),
                n.has("request_timeout") ? timeout(n.get("request_timeout"), join(at, "request_timeout"), errors)
                        : parent.timeout(),
                n.has("override_params") ? object(n.get("override_params"), join(at, "override_params"), errors)
                        : parent.overrideParams(),
                n.has("custom_host") ? host(n.get("custom_host"), join(at, "custom_host"), errors) : parent.customHost(),
                n.has("forward_headers") ? strings(n.get("forward_headers"), join(at, "forward_headers"), errors)
                        : parent.forwardHeaders(),
                n.has("circuit_breaker") ? breaker(n.get("circuit_breaker"), join(at, "circuit_breaker"), errors)
                        : parent.breaker());
        String name = n.hasNonNull("name") ? n.get("name").asText() : null;
        double weight = weight(n, at, errors);
        if (n.has("targets")) {
            return strategy(n, path, name, weight, own, depth, errors);
        }
        return target(n, path, name, weight, own, errors);
    }

    private PlanNode strategy(JsonNode n, String path, String name, double weight, Inherited own, int depth,
                              List<String> errors) {
        String at = display(path);
        JsonNode targets = n.get("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            errors.add(join(at, "targets") + ": must be a non-empty array");
            return null;
        }
        JsonNode strategy = n.path("strategy");
        String sAt = join(at, "strategy");
        if (!strategy.isObject()) {
            errors.add(sAt + ": required when targets are given, with a mode");
            return null;
        }
        PlanNode.Mode mode = enumValue(PlanNode.Mode.class, strategy.path("mode"), join(sAt, "mode"),
                "single, fallback, loadbalance, conditional", errors);
        PlanNode.Algorithm algorithm = strategy.has("algorithm")
                ? enumValue(PlanNode.Algorithm.class, strategy.get("algorithm"), join(sAt, "algorithm"),
                "weighted, round_robin, least_busy, latency", errors)
                : PlanNode.Algorithm.WEIGHTED;
        Set<Integer> onStatus = strategy.has("on_status_codes")
                ? statusCodes(strategy.get("on_status_codes"), join(sAt, "on_status_codes"), errors) : null;

        List<PlanNode> children = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            PlanNode child = node(targets.get(i), path + ".targets[" + i + "]", own, depth + 1, errors);
            if (child != null) {
                children.add(child);
            }
        }
        Set<String> names = new HashSet<>();
        for (PlanNode c : children) {
            if (c.name() != null && !names.add(c.name())) {
                errors.add(join(at, "targets") + ": name '" + c.name() + "' is used twice");
            }
        }
        List<PlanNode.Rule> rules = new ArrayList<>();
        String defaultTarget = null;
        if (mode == PlanNode.Mode.CONDITIONAL) {
            JsonNode conditions = strategy.path("conditions");
            if (!conditions.isArray() || conditions.isEmpty()) {
                errors.add(join(sAt, "conditions") + ": required for conditional mode, a non-empty array");
            } else {
                for (int i = 0; i < conditions.size(); i++) {
                    String cAt = join(sAt, "conditions") + "[" + i + "]";
                    JsonNode c = conditions.get(i);
                    Condition condition = Condition.compile(c.get("query"), cAt + ".query", errors);
                    String then = c.path("then").asText(null);
                    if (then == null || !names.contains(then)) {
                        errors.add(cAt + ".then: must name one of the targets " + names);
                    }
                    rules.add(new PlanNode.Rule(c.get("query"), condition, then));
                }
            }
            if (strategy.has("default")) {
                defaultTarget = strategy.get("default").asText();
                if (!names.contains(defaultTarget)) {
                    errors.add(join(sAt, "default") + ": must name one of the targets " + names);
                }
            }
        }
        if (mode == PlanNode.Mode.LOADBALANCE && children.stream().allMatch(c -> c.weight() == 0)
                && !children.isEmpty()) {
            errors.add(join(at, "targets") + ": every weight is 0, nothing could be chosen");
        }
        return new PlanNode.Strategy(path, name, weight, mode, algorithm, onStatus, rules, defaultTarget,
                List.copyOf(children));
    }

    private PlanNode target(JsonNode n, String path, String name, double weight, Inherited own, List<String> errors) {
        String at = display(path);
        String provider = text(n, "provider");
        String virtualKey = text(n, "virtual_key");
        if (provider == null && virtualKey == null) {
            errors.add(at + ": a target needs a provider or a virtual_key (or targets with a strategy)");
        } else if (provider != null) {
            try {
                provider = providers.canonicalName(provider);
            } catch (RuntimeException e) {
                errors.add(join(at, "provider") + ": unknown provider '" + provider + "'; known: " + providers.names());
            }
        }
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        for (String key : List.of("deployment", "api_version", "resource_name", "anthropic_version", "anthropic_beta",
                "organization", "project")) {
            String v = text(n, key);
            if (v != null) {
                settings.put(key, v);
            }
        }
        // Portkey's Azure names
        putIfText(settings, "deployment", n, "deployment_id");
        putIfText(settings, "api_version", n, "azure_api_version");
        return new PlanNode.Target(path, name, weight, provider, text(n, "api_key"), virtualKey, own.customHost(),
                own.overrideParams(), Map.copyOf(settings), own.forwardHeaders(), own.retry(), own.timeout(),
                own.breaker());
    }

    private static void putIfText(java.util.Map<String, String> settings, String key, JsonNode n, String field) {
        String v = text(n, field);
        if (v != null) {
            settings.putIfAbsent(key, v);
        }
    }

    private static double weight(JsonNode n, String at, List<String> errors) {
        if (!n.has("weight")) {
            return 1;
        }
        JsonNode w = n.get("weight");
        if (!w.isNumber() || w.asDouble() < 0) {
            errors.add(join(at, "weight") + ": must be a number >= 0");
            return 1;
        }
        return w.asDouble();
    }

    private static PlanNode.Retry retry(JsonNode n, String at, List<String> errors) {
        if (!n.isObject()) {
            errors.add(at + ": must be an object");
            return PlanNode.Retry.NONE;
        }
        JsonNode attempts = n.path("attempts");
        int count = 0;
        if (!attempts.isInt() || attempts.asInt() < 1 || attempts.asInt() > 10) {
            errors.add(at + ".attempts: must be 1..10");
        } else {
            count = attempts.asInt();
        }
        Set<Integer> codes = n.has("on_status_codes") ? statusCodes(n.get("on_status_codes"), at + ".on_status_codes",
                errors) : PlanNode.Retry.DEFAULT_CODES;
        boolean retryAfter = n.path("use_retry_after_header").asBoolean(false);
        return new PlanNode.Retry(count, codes, retryAfter);
    }

    private static Long timeout(JsonNode n, String at, List<String> errors) {
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_TIMEOUT_MILLIS) {
            errors.add(at + ": must be 1.." + MAX_TIMEOUT_MILLIS + " (milliseconds)");
            return null;
        }
        return n.asLong();
    }

    private static ObjectNode object(JsonNode n, String at, List<String> errors) {
        if (!n.isObject()) {
            errors.add(at + ": must be an object");
            return null;
        }
        return (ObjectNode) n;
    }

    private static String host(JsonNode n, String at, List<String> errors) {
        String v = n.asText("");
        try {
            URI uri = URI.create(v);
            if (!n.isTextual() || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                errors.add(at + ": must be an http(s) URL");
                return null;
            }
        } catch (IllegalArgumentException e) {
            errors.add(at + ": must be an http(s) URL");
            return null;
        }
        return v;
    }

    private static List<String> strings(JsonNode n, String at, List<String> errors) {
        if (!n.isArray()) {
            errors.add(at + ": must be an array of header names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.isTextual() || s.asText().isBlank()) {
                errors.add(at + ": must be an array of header names");
                return List.of();
            }
            out.add(s.asText().toLowerCase());
        }
        return List.copyOf(out);
    }

    private static Set<Integer> statusCodes(JsonNode n, String at, List<String> errors) {
        if (!n.isArray() || n.isEmpty()) {
            errors.add(at + ": must be a non-empty array of HTTP status codes");
            return Set.of();
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (JsonNode c : n) {
            if (!c.isInt() || c.asInt() < 100 || c.asInt() > 599) {
                errors.add(at + ": " + c + " is not an HTTP status code (100..599)");
            } else {
                codes.add(c.asInt());
            }
        }
        return Set.copyOf(codes);
    }

    private static PlanNode.Breaker breaker(JsonNode n, String at, List<String> errors) {
        if (!n.isObject()) {
            errors.add(at + ": must be an object");
            return null;
        }
        float failureRate = (float) range(n, "failure_rate_threshold", 50, 1, 100, at, errors);
        float slowRate = (float) range(n, "slow_call_rate_threshold", 100, 1, 100, at, errors);
        long slowMillis = (long) range(n, "slow_call_duration_ms", 60_000, 1, MAX_TIMEOUT_MILLIS, at, errors);
        int minimumCalls = (int) range(n, "minimum_calls", 10, 1, 10_000, at, errors);
        int window = (int) range(n, "sliding_window_size", Math.max(minimumCalls, 20), 1, 10_000, at, errors);
        long waitMillis = (long) range(n, "wait_duration_open_ms", 30_000, 1, MAX_TIMEOUT_MILLIS, at, errors);
        int halfOpen = (int) range(n, "half_open_calls", 3, 1, 1000, at, errors);
        Iterator<String> names = n.fieldNames();
        Set<String> known = Set.of("failure_rate_threshold", "slow_call_rate_threshold", "slow_call_duration_ms",
                "minimum_calls", "sliding_window_size", "wait_duration_open_ms", "half_open_calls");
        while (names.hasNext()) {
            String f = names.next();
            if (!known.contains(f)) {
                errors.add(at + "." + f + ": unknown field (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
        return new PlanNode.Breaker(failureRate, slowRate, slowMillis, minimumCalls, window, waitMillis, halfOpen);
    }

    private static double range(JsonNode n, String field, double dflt, double min, double max, String at,
                                List<String> errors) {
        if (!n.has(field)) {
            return dflt;
        }
        JsonNode v = n.get(field);
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            errors.add(at + "." + field + ": must be " + fmt(min) + ".." + fmt(max));
            return dflt;
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode v, String at, String allowed,
                                                  List<String> errors) {
        if (v.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.asText())) {
                    return e;
                }
            }
        }
        errors.add(at + ": must be one of " + allowed);
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** "config.targets[1]" is shown to users as "targets[1]". */
    private static String display(String path) {
        return path.equals("config") ? "" : path.substring("config.".length());
    }

    private static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }
}
