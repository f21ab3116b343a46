package io.llmgate.model.routing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named routing config; its content lives in {@link RoutingConfigVersion}s. */
@Entity
@Table(name = "routing_config")
public class RoutingConfig {

    @Id
    private String id;
    @Column(name = "workspace_id")
    private String workspaceId;
    private String name;
    @Column(name = "active_version")
    private int activeVersion;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected RoutingConfig() {
    }

    public RoutingConfig(String id, String workspaceId, String name, Instant now) {
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
    public int getActiveVersion() { return activeVersion; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }

    void activate(int version, Instant now) {
        this.activeVersion = version;
        this.updatedAt = now;
    }
}
