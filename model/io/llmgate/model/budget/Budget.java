package io.llmgate.model.budget;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.llmgate.model.governance.ScopedLimit;

/** A spending limit in USD and/or tokens for a scope, per period, with alert thresholds in percent. */
@Entity
@Table(name = "budget")
public class Budget extends ScopedLimit {

    @Column(name = "limit_usd_nanos")
    private Long limitUsdNanos;
    @Column(name = "limit_tokens")
    private Long limitTokens;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BudgetPeriod period;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BudgetPeriod.Alignment alignment;
    @Column(name = "anchor_at", nullable = false)
    private Instant anchorAt;
    @Column(name = "alert_thresholds")
    private String alertThresholds;

    protected Budget() {
    }

    public Budget(String id, String workspaceId, Instant now) {
        super(id, workspaceId, now);
        this.anchorAt = now;
    }

    public Long getLimitUsdNanos() { return limitUsdNanos; }
    public void setLimitUsdNanos(Long limitUsdNanos) { this.limitUsdNanos = limitUsdNanos; }
    public Long getLimitTokens() { return limitTokens; }
    public void setLimitTokens(Long limitTokens) { this.limitTokens = limitTokens; }
    public BudgetPeriod getPeriod() { return period; }
    public void setPeriod(BudgetPeriod period) { this.period = period; }
    public BudgetPeriod.Alignment getAlignment() { return alignment; }
    public void setAlignment(BudgetPeriod.Alignment alignment) { this.alignment = alignment; }
    public Instant getAnchorAt() { return anchorAt; }
    public void setAnchorAt(Instant anchorAt) { this.anchorAt = anchorAt; }
    public String getAlertThresholds() { return alertThresholds; }
    public void setAlertThresholds(String alertThresholds) { this.alertThresholds = alertThresholds; }
}
