package io.llmgate.model.governance;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An admin API key ({@code lga-<prefix>-<secret>}): acts for its user, with that user's roles. Hash only. */
@Entity
@Table(name = "admin_api_key")
public class AdminApiKey {

    @Id
    private String id;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(nullable = false)
    private String name;
    @Embedded
    private KeyHash hash;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AdminApiKey() {
    }

    public AdminApiKey(String id, String userId, String name, KeyHash hash, Instant expiresAt, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.hash = hash;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getUserId() { return userId; }
    public String getName() { return name; }
    public KeyHash getHash() { return hash; }
    public String getPrefix() { return hash.getPrefix(); }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
    public Instant getCreatedAt() { return createdAt; }

    @Override
    public String toString() {
        return "AdminApiKey[" + id + " " + getPrefix() + "]";
    }
}
