package io.llmgate.model.governance;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * The columns every named, versioned record of one workspace has (API keys, virtual keys, budgets, rate limits).
 * The workspace is fixed at creation, so a record never moves between workspaces.
 */
@MappedSuperclass
public abstract class WorkspaceOwned {

    @Id
    private String id;
    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;
    @Column(nullable = false)
    private String name;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected WorkspaceOwned() {
    }

    protected WorkspaceOwned(String id, String workspaceId, String name, Instant now) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.name = name;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public String getWorkspaceId() { return workspaceId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public long getVersion() { return version; }
}
