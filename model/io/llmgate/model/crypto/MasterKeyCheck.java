package io.llmgate.model.crypto;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A known value encrypted under the master key: decrypting it at start-up proves the key is the right one. */
@Entity
@Table(name = "master_key_check")
public class MasterKeyCheck {

    @Id
    private Integer id;
    @Column(name = "key_id", nullable = false)
    private String keyId;
    @Column(name = "check_value", nullable = false)
    private String checkValue;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected MasterKeyCheck() {
    }

    public MasterKeyCheck(Integer id, String keyId, String checkValue, Instant createdAt) {
        this.id = id;
        this.keyId = keyId;
        this.checkValue = checkValue;
        this.createdAt = createdAt;
    }

    public Integer getId() { return id; }
    public String getKeyId() { return keyId; }
    public String getCheckValue() { return checkValue; }
    public Instant getCreatedAt() { return createdAt; }
}
