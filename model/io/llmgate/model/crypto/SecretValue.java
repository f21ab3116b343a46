package io.llmgate.model.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret as it arrives from a caller (a provider API key). Its {@code toString()} hides it, so no log line,
 * validation message or exception built from a request object can print it; it is never serialized back.
 */
public final class SecretValue {

    private final String value;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
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

    /** What any serializer writes: never the secret. */
    @JsonValue
    public String masked() {
        return "[secret]";
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
