package io.llmgate.model.governance;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;

/** A limit of a workspace (budget, rate limit) that counts one scope: see {@link ScopeType}. Enabled when made. */
@MappedSuperclass
public abstract class ScopedLimit extends WorkspaceOwned {

    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false)
    private ScopeType scopeType;
    @Column(name = "scope_ref")
    private String scopeRef;
    @Column(nullable = false)
    private boolean enabled;

    protected ScopedLimit() {
    }

    protected ScopedLimit(String id, String workspaceId, Instant now) {
        super(id, workspaceId, null, now);
        this.enabled = true;
    }

    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public String getScopeRef() { return scopeRef; }
    public void setScopeRef(String scopeRef) { this.scopeRef = scopeRef; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
}
