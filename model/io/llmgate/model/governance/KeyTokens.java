package io.llmgate.model.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Gateway and admin API key tokens: {@code lg-<prefix>-<secret>} and {@code lga-<prefix>-<secret>}, with an
 * 8-character lookup prefix and 32 random bytes of secret. Stored as the prefix, a random salt and
 * SHA-256(salt || token); compared in constant time.
 */
public final class KeyTokens {

    public static final String GATEWAY_KIND = "lg";
    public static final String ADMIN_KIND = "lga";
    static final int PREFIX_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** A token split into its parts. */
    public record Parsed(String kind, String prefix, String token) {
    }

    /** A new token and what to store for it. */
    public record Issued(String token, String prefix, String salt, String hash) {
        @Override
        public String toString() {
            return "Issued[" + prefix + "]";
        }
    }

    private KeyTokens() {
    }

    public static Issued issue(String kind) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String prefix = Ids.random(PREFIX_LENGTH);
        return stored(kind + "-" + prefix + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** What to store for a token given from outside (bootstrap); the token must parse. */
    public static Issued stored(String token) {
        Parsed p = parse(token);
        if (p == null) {
            throw new IllegalArgumentException("not a well-formed key token");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return new Issued(token, p.prefix(), saltHex, hash(saltHex, token));
    }

    /** Parses {@code kind-prefix-secret}; null when the token does not have that form. */
    public static Parsed parse(String token) {
        if (token == null) {
            return null;
        }
        int first = token.indexOf('-');
        int second = first < 0 ? -1 : token.indexOf('-', first + 1);
        if (first <= 0 || second < 0 || second - first - 1 != PREFIX_LENGTH || token.length() - second - 1 < 32
                || token.length() > 200) {
            return null;
        }
        String kind = token.substring(0, first);
        if (!kind.equals(GATEWAY_KIND) && !kind.equals(ADMIN_KIND)) {
            return null;
        }
        return new Parsed(kind, token.substring(first + 1, second), token);
    }

    public static String hash(String saltHex, String token) {
        MessageDigest d = SHA256.get();
        d.reset();
        d.update(HexFormat.of().parseHex(saltHex));
        return HexFormat.of().formatHex(d.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time check of a presented token against the stored salt and hash. */
    public static boolean matches(String token, String saltHex, String hashHex) {
        byte[] expected = HexFormat.of().parseHex(hashHex);
        byte[] actual = HexFormat.of().parseHex(hash(saltHex, token));
        return MessageDigest.isEqual(expected, actual);
    }
}
