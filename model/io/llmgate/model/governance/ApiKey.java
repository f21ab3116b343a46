package io.llmgate.model.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A gateway API key. The key itself ({@code lg-<prefix>-<secret>}) is shown once on creation; only its prefix (for
 * lookup) and a salted hash of the whole key are stored.
 */
@Entity
@Table(name = "api_key")
public class ApiKey extends WorkspaceOwned {

    @Embedded
    private KeyHash hash;
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

    protected ApiKey() {
    }

    public ApiKey(String id, String workspaceId, String name, KeyHash hash, String createdBy, Instant now) {
        super(id, workspaceId, name, now);
        this.hash = hash;
        this.createdBy = createdBy;
    }

    public KeyHash getHash() { return hash; }
    public void setHash(KeyHash hash) { this.hash = hash; }
    public String getPrefix() { return hash.getPrefix(); }
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

    @Override
    public String toString() {
        return "ApiKey[" + getId() + " " + getPrefix() + "]";
    }
}
