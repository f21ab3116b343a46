package io.llmgate.model.routing;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One saved version of a routing config: immutable once written. */
@Entity
@Table(name = "routing_config_version")
@IdClass(RoutingConfigVersion.Key.class)
public class RoutingConfigVersion {

    @Id
    @Column(name = "config_id")
    private String configId;
    @Id
    private int version;
    @jakarta.persistence.Convert(converter = EncryptedConfigBody.class) // inline api_keys encrypted at rest
    private String body;
    private String comment;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "created_by")
    private String createdBy;

    protected RoutingConfigVersion() {
    }

    RoutingConfigVersion(String configId, int version, String body, String comment, Instant createdAt,
                         String createdBy) {
        this.configId = configId;
        this.version = version;
        this.body = body;
        this.comment = comment;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public String getConfigId() { return configId; }
    public int getVersion() { return version; }
    public String getBody() { return body; }
    public String getComment() { return comment; }
    public Instant getCreatedAt() { return createdAt; }
    public String getCreatedBy() { return createdBy; }

    public static class Key implements Serializable {
        private String configId;
        private int version;

        public Key() {
        }

        public Key(String configId, int version) {
            this.configId = configId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.configId, configId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(configId, version);
        }
    }
}
