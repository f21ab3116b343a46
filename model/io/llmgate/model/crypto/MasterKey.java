package io.llmgate.model.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit master key that encrypts provider secrets. {@link #id()} is a fingerprint (HMAC of a fixed label)
 * that tells keys apart in messages without revealing anything about the key.
 */
public final class MasterKey {

    private final SecretKey key;
    private final String id;
    private final String source;

    public MasterKey(byte[] raw, String source) {
        if (raw.length != 32) {
            throw new MasterKeyException("the master key from " + source + " must be 32 bytes (base64 of 32 "
                    + "random bytes, e.g. `openssl rand -base64 32`), but it has " + raw.length + " bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.source = source;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            this.id = HexFormat.of().formatHex(mac.doFinal("llmgate-master-key-id".getBytes(StandardCharsets.UTF_8)),
                    0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    SecretKey key() { return key; }

    /** A fingerprint safe to print: 16 hex characters. */
    public String id() { return id; }

    /** Where the key came from (environment, a file), for messages. */
    public String source() { return source; }

    @Override
    public String toString() {
        return "MasterKey[" + id + " from " + source + "]";
    }
}
