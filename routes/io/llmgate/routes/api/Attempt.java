package io.llmgate.routes.api;

/**
 * One try against one target, as the request log records it.
 *
 * @param index        0-based attempt number within the request
 * @param optionPath   where the target sits in the routing config, e.g. {@code config.targets[1]}
 * @param provider     provider name
 * @param model        model sent to the provider
 * @param status       HTTP status the attempt ended with (the provider's, or the gateway's for timeouts etc.)
 * @param outcome      what routing did with it
 * @param errorType    error type when it failed, else null
 * @param errorMessage error message when it failed, else null
 * @param latencyNanos time from send to first byte or failure
 */
public record Attempt(int index, String optionPath, String provider, String model, int status, Outcome outcome,
                      String errorType, String errorMessage, long latencyNanos) {

    public enum Outcome {
        /** This attempt answered the client. */
        SUCCESS,
        /** Failed; the same target was tried again. */
        RETRIED,
        /** Failed; the next target was tried. */
        FELL_BACK,
        /** Skipped because the target's circuit breaker was open. */
        CIRCUIT_OPEN,
        /** Failed, and its error answered the client. */
        FAILED
    }
}
