package io.llmgate.model.budget;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.llmgate.model.governance.ScopeType;

/** A spending limit in USD and/or tokens for a scope, per period, with alert thresholds in percent. */
@Entity
@Table(name = "budget")
public class Budget {

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
    @Column(nullable = false)
    private boolean enabled;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected Budget() {
    }

    public Budget(String id, String workspaceId, Instant now) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.anchorAt = now;
        this.createdAt = now;
        this.updatedAt = now;
        this.enabled = true;
    }

    public String getId() { return id; }
    public String getWorkspaceId() { return workspaceId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public String getScopeRef() { return scopeRef; }
    public void setScopeRef(String scopeRef) { this.scopeRef = scopeRef; }
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
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public long getVersion() { return version; }
}
