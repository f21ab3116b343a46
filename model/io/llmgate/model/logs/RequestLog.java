package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A request log row, for reading (rows are written by {@link RequestLogStore} in JDBC batches). */
@Entity
@Immutable
@Table(name = "request_log")
public class RequestLog {

    @Id
    private String id;
    @Column(name = "request_id") private String requestId;
    @Column(name = "trace_id") private String traceId;
    @Column(name = "created_at") private Instant createdAt;
    @Column(name = "created_hour") private long createdHour;
    private String endpoint;
    @Column(name = "api_key_id") private String apiKeyId;
    @Column(name = "api_key_name") private String apiKeyName;
    @Column(name = "workspace_id") private String workspaceId;
    @Column(name = "organization_id") private String organizationId;
    @Column(name = "virtual_key") private String virtualKey;
    @Column(name = "config_id") private String configId;
    private String provider;
    private String model;
    private int status;
    @Column(name = "error_type") private String errorType;
    @Column(name = "error_code") private String errorCode;
    @Column(name = "error_message") private String errorMessage;
    private boolean streamed;
    @Column(name = "cache_hit") private boolean cacheHit;
    @Column(name = "attempt_count") private int attemptCount;
    @Column(name = "latency_ms") private double latencyMs;
    @Column(name = "ttft_ms") private Double ttftMs;
    @Column(name = "upstream_ms") private Double upstreamMs;
    @Column(name = "prompt_tokens") private long promptTokens;
    @Column(name = "completion_tokens") private long completionTokens;
    @Column(name = "cached_tokens") private long cachedTokens;
    @Column(name = "usage_estimated") private boolean usageEstimated;
    @Column(precision = 20, scale = 10) private BigDecimal cost;
    private String metadata;

    protected RequestLog() {
    }

    public String getId() { return id; }
    public String getRequestId() { return requestId; }
    public String getTraceId() { return traceId; }
    public Instant getCreatedAt() { return createdAt; }
    public long getCreatedHour() { return createdHour; }
    public String getEndpoint() { return endpoint; }
    public String getApiKeyId() { return apiKeyId; }
    public String getApiKeyName() { return apiKeyName; }
    public String getWorkspaceId() { return workspaceId; }
    public String getOrganizationId() { return organizationId; }
    public String getVirtualKey() { return virtualKey; }
    public String getConfigId() { return configId; }
    public String getProvider() { return provider; }
    public String getModel() { return model; }
    public int getStatus() { return status; }
    public String getErrorType() { return errorType; }
    public String getErrorCode() { return errorCode; }
    public String getErrorMessage() { return errorMessage; }
    public boolean isStreamed() { return streamed; }
    public boolean isCacheHit() { return cacheHit; }
    public int getAttemptCount() { return attemptCount; }
    public double getLatencyMs() { return latencyMs; }
    public Double getTtftMs() { return ttftMs; }
    public Double getUpstreamMs() { return upstreamMs; }
    public long getPromptTokens() { return promptTokens; }
    public long getCompletionTokens() { return completionTokens; }
    public long getCachedTokens() { return cachedTokens; }
    public boolean isUsageEstimated() { return usageEstimated; }
    public BigDecimal getCost() { return cost; }
    public String getMetadata() { return metadata; }
}
