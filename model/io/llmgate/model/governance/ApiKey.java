package io.llmgate.model.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A gateway API key. The key itself ({@code lg-<prefix>-<secret>}) is shown once on creation; only its prefix (for
 * lookup) and a salted hash of the whole key are stored.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    private String id;
    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String prefix;
    @Column(nullable = false)
    private String salt;
    @Column(name = "secret_hash", nullable = false)
    private String secretHash;
    @Convert(converter = JsonColumns.StringList.class)
    @Column(nullable = false)
    private List<String> scopes;
    @Convert(converter = JsonColumns.StringList.class)
    @Column(name = "allowed_models")
    private List<String> allowedModels;
    @Column(name = "default_config_id")
    private String defaultConfigId;
    @Convert(converter = JsonColumns.StringMap.class)
    private Map<String, String> metadata;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected ApiKey() {
    }

    public ApiKey(String id, String workspaceId, String name, String prefix, String salt, String secretHash,
                  String createdBy, Instant now) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.name = name;
        this.prefix = prefix;
        this.salt = salt;
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public String getWorkspaceId() { return workspaceId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getPrefix() { return prefix; }
    public String getSalt() { return salt; }
    public String getSecretHash() { return secretHash; }
    public void setSecret(String prefix, String salt, String secretHash) {
        this.prefix = prefix;
        this.salt = salt;
        this.secretHash = secretHash;
    }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    public List<String> getAllowedModels() { return allowedModels; }
    public void setAllowedModels(List<String> allowedModels) { this.allowedModels = allowedModels; }
    public String getDefaultConfigId() { return defaultConfigId; }
    public void setDefaultConfigId(String defaultConfigId) { this.defaultConfigId = defaultConfigId; }
    public Map<String, String> getMetadata() { return metadata; }
    public void setMetadata(Map<String, String> metadata) { this.metadata = metadata; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public long getVersion() { return version; }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + prefix + "]";
    }
}
