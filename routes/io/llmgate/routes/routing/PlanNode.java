package io.llmgate.routes.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A routing config, parsed, validated and with inherited settings resolved: a tree of strategies whose leaves are
 * provider targets. Immutable, so a request keeps the version it started with while ops edit the config.
 */
public sealed interface PlanNode {

    /** Where this node sits in the config, e.g. {@code config.targets[0].targets[1]}. */
    String path();

    /** The target's {@code name}, which conditional rules refer to; may be null. */
    String name();

    double weight();

    /** Retry settings; {@code attempts} is the number of retries after the first try. */
    record Retry(int attempts, Set<Integer> onStatusCodes, boolean useRetryAfterHeader) {
        public static final Set<Integer> DEFAULT_CODES = Set.of(429, 500, 502, 503, 504);
        public static final Retry NONE = new Retry(0, DEFAULT_CODES, false);
    }

    /** Resilience4j circuit breaker settings for a target (the breaker itself is shared per target). */
    record Breaker(float failureRateThreshold, float slowCallRateThreshold, long slowCallDurationMillis,
                   int minimumCalls, int slidingWindowSize, long waitDurationOpenMillis, int permittedCallsHalfOpen) {
    }

    record Target(String path, String name, double weight, String provider, String apiKey, String virtualKey,
                  String customHost, ObjectNode overrideParams, Map<String, String> settings,
                  List<String> forwardHeaders, Retry retry, Long requestTimeoutMillis, Breaker breaker)
            implements PlanNode {

        /** Identity of the upstream for shared health state: same provider, host and credential = same target. */
        public String healthKey() {
            String credential = virtualKey != null ? "vk:" + virtualKey
                    : apiKey != null ? "key:" + Integer.toHexString(apiKey.hashCode()) : "none";
            return provider + "|" + (customHost == null ? "default" : customHost) + "|" + credential;
        }
    }

    /** One {@code when} of a conditional strategy: the query as written and its compiled form. */
    record Rule(JsonNode query, Condition condition, String then) {
    }

    record Strategy(String path, String name, double weight, Mode mode, Algorithm algorithm, Set<Integer> onStatusCodes,
                    List<Rule> conditions, String defaultTarget, List<PlanNode> children) implements PlanNode {
    }

    enum Mode { SINGLE, FALLBACK, LOADBALANCE, CONDITIONAL }

    enum Algorithm { WEIGHTED, ROUND_ROBIN, LEAST_BUSY, LATENCY }
}
