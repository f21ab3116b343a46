package io.llmgate.model.governance;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A provider credential stored for a workspace: provider, settings (Azure deployment, api version...) and the
 * secret, which is only ever held here as AES-GCM ciphertext bound to the key id.
 */
@Entity
@Table(name = "virtual_key")
public class VirtualKey extends WorkspaceOwned {

    @Column(nullable = false)
    private String provider;
    @Column(name = "secret_ciphertext", nullable = false)
    private String secretCiphertext;
    @Column(name = "base_url")
    private String baseUrl;
    @Convert(converter = JsonColumns.StringMap.class)
    private Map<String, String> settings;
    @Column(nullable = false)
    private boolean enabled;
    @Column(name = "rotated_at")
    private Instant rotatedAt;
    @Column(name = "created_by")
    private String createdBy;

    protected VirtualKey() {
    }

    public VirtualKey(String id, String workspaceId, String name, String provider, String createdBy, Instant now) {
        super(id, workspaceId, name, now);
        this.provider = provider;
        this.enabled = true;
        this.createdBy = createdBy;
    }

    public String getProvider() { return provider; }
    public void setProvider(String provider) { this.provider = provider; }
    public String getSecretCiphertext() { return secretCiphertext; }
    public void setSecretCiphertext(String secretCiphertext) { this.secretCiphertext = secretCiphertext; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public Map<String, String> getSettings() { return settings; }
    public void setSettings(Map<String, String> settings) { this.settings = settings; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Instant getRotatedAt() { return rotatedAt; }
    public void setRotatedAt(Instant rotatedAt) { this.rotatedAt = rotatedAt; }
    public String getCreatedBy() { return createdBy; }

    @Override
    public String toString() {
        return "VirtualKey[" + getId() + " " + provider + "]";
    }
}
