package io.llmgate.model.logs;

import java.time.Instant;
import java.util.Map;

/**
 * What to select from the request log; null fields do not filter. {@code from} is inclusive, {@code to} exclusive.
 * There is no workspace here on purpose: whose rows a query sees is its {@link io.llmgate.model.governance
 * .WorkspaceScope}, decided once by the RBAC check, and nothing else may name a workspace.
 *
 * @param errors   true: only failed requests (status &ge; 400); false: only successful ones
 * @param metadata tags that must all match (key = value)
 */
public record LogFilter(Instant from, Instant to, Integer status, Boolean errors, String provider, String model,
                        String apiKeyId, String virtualKey, String configId, String requestId,
                        String traceId, Map<String, String> metadata) {

    public LogFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static LogFilter between(Instant from, Instant to) {
        return new LogFilter(from, to, null, null, null, null, null, null, null, null, null, Map.of());
    }
}
