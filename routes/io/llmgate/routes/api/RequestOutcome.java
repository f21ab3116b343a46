package io.llmgate.routes.api;

import java.util.List;

/**
 * How a request ended, handed to every {@link RequestListener} once: at response time for whole responses, when the
 * stream ends for streamed ones.
 *
 * @param status          HTTP status sent to the client
 * @param provider        provider that answered (or last tried), null when none was called
 * @param model           model sent to that provider
 * @param usage           tokens; {@link Usage#NONE} when unknown
 * @param usageEstimated  true when the gateway counted tokens because the provider reported none
 * @param error           the error sent to the client (or ending the stream), null on success
 * @param attempts        every attempt, in order
 * @param streamed        true for SSE responses
 * @param firstByteNanos  time to first byte/token from the provider, -1 when none arrived
 * @param totalNanos      time from receipt to the end of the response
 */
public record RequestOutcome(int status, String provider, String model, Usage usage, boolean usageEstimated,
                             GatewayException error, List<Attempt> attempts, boolean streamed, long firstByteNanos,
                             long totalNanos) {

    public boolean success() {
        return error == null && status < 400;
    }
}
