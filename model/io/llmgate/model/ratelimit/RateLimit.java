package io.llmgate.model.ratelimit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.llmgate.model.governance.ScopeType;

/** At most {@code maxValue} requests or tokens per minute or hour, for a scope, over a sliding window. */
@Entity
@Table(name = "rate_limit")
public class RateLimit {

    public enum Metric { REQUESTS, TOKENS }

    public enum Unit { MINUTE, HOUR }

    @Id
    private String id;
    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;
    @Column(nullable = false)
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false)
    private ScopeType scopeType;
    @Column(name = "scope_ref")
    private String scopeRef;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Metric metric;
    @Enumerated(EnumType.STRING)
    @Column(name = "window_unit", nullable = false)
    private Unit windowUnit;
    @Column(name = "max_value", nullable = false)
    private long maxValue;
    @Column(nullable = false)
    private boolean enabled;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected RateLimit() {
    }

    public RateLimit(String id, String workspaceId, Instant now) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.enabled = true;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public String getWorkspaceId() { return workspaceId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public String getScopeRef() { return scopeRef; }
    public void setScopeRef(String scopeRef) { this.scopeRef = scopeRef; }
    public Metric getMetric() { return metric; }
    public void setMetric(Metric metric) { this.metric = metric; }
    public Unit getWindowUnit() { return windowUnit; }
    public void setWindowUnit(Unit windowUnit) { this.windowUnit = windowUnit; }
    public long getMaxValue() { return maxValue; }
    public void setMaxValue(long maxValue) { this.maxValue = maxValue; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public long getVersion() { return version; }
}
