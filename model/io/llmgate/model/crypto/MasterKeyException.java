package io.llmgate.model.crypto;

/** Start-up refused: the master key is missing, malformed, or not the one the database was encrypted with. */
public class MasterKeyException extends IllegalStateException {

    public MasterKeyException(String message) {
        super(message);
    }
}
