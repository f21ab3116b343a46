package io.llmgate.model.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A secret as it arrives from a caller (a provider API key). Its {@code toString()} hides it, so no log line,
 * validation message or exception built from a request object can print it; it is never serialized back.
 */
public final class SecretValue {

    private final String value;

    @JsonCreator
    public SecretValue(String value) {
        this.value = value;
    }

    public static SecretValue of(String value) {
        return new SecretValue(value);
    }

    /** The plaintext, for encryption only. */
    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
