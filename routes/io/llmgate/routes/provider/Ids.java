package io.llmgate.routes.provider;

import java.util.concurrent.ThreadLocalRandom;

/** Ids in OpenAI's style for providers that send none (or none an OpenAI client could use). */
final class Ids {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {
    }

    static String chatCompletion() {
        return "chatcmpl-" + random(24);
    }

    static String completion() {
        return "cmpl-" + random(24);
    }

    static String toolCall() {
        return "call_" + random(24);
    }

    static String random(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[r.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }
}
