package io.llmgate.model.ratelimit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.llmgate.model.governance.ScopedLimit;

/** At most {@code maxValue} requests or tokens per minute or hour, for a scope, over a sliding window. */
@Entity
@Table(name = "rate_limit")
public class RateLimit extends ScopedLimit {

    public enum Metric { REQUESTS, TOKENS }

    public enum Unit { MINUTE, HOUR }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Metric metric;
    @Enumerated(EnumType.STRING)
    @Column(name = "window_unit", nullable = false)
    private Unit windowUnit;
    @Column(name = "max_value", nullable = false)
    private long maxValue;

    protected RateLimit() {
    }

    public RateLimit(String id, String workspaceId, Instant now) {
        super(id, workspaceId, now);
    }

    public Metric getMetric() { return metric; }
    public void setMetric(Metric metric) { this.metric = metric; }
    public Unit getWindowUnit() { return windowUnit; }
    public void setWindowUnit(Unit windowUnit) { this.windowUnit = windowUnit; }
    public long getMaxValue() { return maxValue; }
    public void setMaxValue(long maxValue) { this.maxValue = maxValue; }
}
