package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request as the log records it: the summary row plus its attempts and metadata tags. Built on the request's
 * thread from data it already holds; everything costly (JSON, redaction, I/O) happens on the writer's thread.
 * Latencies are milliseconds.
 */
public record LogEntry(String id, String requestId, String traceId, Instant createdAt, String endpoint,
                       String apiKeyId, String apiKeyName, String workspaceId, String organizationId,
                       String virtualKey, String configId, String provider, String model, int status,
                       String errorType, String errorCode, String errorMessage, boolean streamed, boolean cacheHit,
                       int attemptCount, double latencyMs, Double ttftMs, Double upstreamMs, long promptTokens,
                       long completionTokens, long cachedTokens, boolean usageEstimated, BigDecimal cost,
                       Map<String, String> metadata, List<AttemptEntry> attempts,
                       @JsonIgnore JsonNode requestBody, @JsonIgnore JsonNode responseBody) {

    /** Epoch hour (UTC) of {@link #createdAt}, the unit of hourly and daily roll-ups. */
    public long createdHour() {
        return Math.floorDiv(createdAt.toEpochMilli(), 3_600_000L);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * One attempt against one target.
     *
     * @param outcome SUCCESS, RETRIED, FELL_BACK, CIRCUIT_OPEN or FAILED
     */
    public record AttemptEntry(int index, String optionPath, String provider, String model, int status,
                               String outcome, String errorType, String errorMessage, double latencyMs) {
    }
}
