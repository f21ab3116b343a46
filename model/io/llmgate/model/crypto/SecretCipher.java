package io.llmgate.model.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption. Stored form: {@code v1.<base64(nonce || ciphertext
 * || tag)>}. The associated data binds a ciphertext to its row (a secret copied to another row does not decrypt).
 */
public final class SecretCipher {

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    public String encrypt(String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, masterKey.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * @throws SecretDecryptionException when the key is not the one that encrypted, or the data was altered
     */
    public String decrypt(String stored, String associatedData) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new SecretDecryptionException("stored secret has an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretDecryptionException("stored secret is truncated");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, masterKey.key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException("cannot decrypt: wrong master key (this is key " + masterKey.id()
                    + ") or altered data");
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("stored secret is not valid base64");
        } catch (GeneralSecurityException e) {
            throw new SecretDecryptionException("cannot decrypt: " + e.getClass().getSimpleName());
        }
    }
}
