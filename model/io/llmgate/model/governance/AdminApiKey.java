package io.llmgate.model.governance;

import java.time.Instant;

import jakarta.persistence.Column;
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
    @Column(nullable = false)
    private String prefix;
    @Column(nullable = false)
    private String salt;
    @Column(name = "secret_hash", nullable = false)
    private String secretHash;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AdminApiKey() {
    }

    public AdminApiKey(String id, String userId, String name, String prefix, String salt, String secretHash,
                       Instant expiresAt, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.prefix = prefix;
        this.salt = salt;
        this.secretHash = secretHash;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getUserId() { return userId; }
    public String getName() { return name; }
    public String getPrefix() { return prefix; }
    public String getSalt() { return salt; }
    public String getSecretHash() { return secretHash; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
    public Instant getCreatedAt() { return createdAt; }

    @Override
    public String toString() {
        return "AdminApiKey[" + id + " " + prefix + "]";
    }
}
