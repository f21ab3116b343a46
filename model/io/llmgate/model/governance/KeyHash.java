package io.llmgate.model.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What is stored of an issued key (gateway or admin): its prefix, to look it up, and a salted hash of the whole
 * token. The token itself is never stored; see {@link KeyTokens}.
 */
@Embeddable
public class KeyHash {

    @Column(nullable = false)
    private String prefix;
    @Column(nullable = false)
    private String salt;
    @Column(name = "secret_hash", nullable = false)
    private String secretHash;

    protected KeyHash() {
    }

    public KeyHash(KeyTokens.Issued issued) {
        this.prefix = issued.prefix();
        this.salt = issued.salt();
        this.secretHash = issued.hash();
    }

    public String getPrefix() { return prefix; }
    public String getSalt() { return salt; }
    public String getSecretHash() { return secretHash; }

    /** Whether {@code token} is the key this was made from. */
    public boolean matches(String token) {
        return KeyTokens.matches(token, salt, secretHash);
    }
}
