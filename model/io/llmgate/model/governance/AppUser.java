package io.llmgate.model.governance;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who administers the gateway; the password is a BCrypt hash, so console logins can use it as it is. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    private String id;
    @Column(name = "organization_id", nullable = false)
    private String organizationId;
    @Column(nullable = false)
    private String username;
    @Column(name = "display_name")
    private String displayName;
    private String email;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "org_admin", nullable = false)
    private boolean orgAdmin;
    @Column(nullable = false)
    private boolean enabled;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AppUser() {
    }

    public AppUser(String id, String organizationId, String username, String displayName, String email,
                   String passwordHash, boolean orgAdmin, Instant createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.passwordHash = passwordHash;
        this.orgAdmin = orgAdmin;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getOrganizationId() { return organizationId; }
    public String getUsername() { return username; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public boolean isOrgAdmin() { return orgAdmin; }
    public void setOrgAdmin(boolean orgAdmin) { this.orgAdmin = orgAdmin; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Instant getCreatedAt() { return createdAt; }

    @Override
    public String toString() {
        return "AppUser[" + id + " " + username + "]";
    }
}
