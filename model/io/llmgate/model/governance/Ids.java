package io.llmgate.model.governance;

import java.security.SecureRandom;

/** Ids like {@code ws_3kq9x0c2m7...}: a type prefix and 20 random base-32 characters. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String type) {
        return type + "_" + random(20);
    }

    /** Random lower-case letters and digits. */
    public static String random(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
