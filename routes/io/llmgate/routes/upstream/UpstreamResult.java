package io.llmgate.routes.upstream;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.http.SseStream;

/** What a successful provider call produced: a whole response, or a stream that has started. */
public sealed interface UpstreamResult {

    String provider();

    /** Nanoseconds from sending to the first byte of the answer (first event for streams). */
    long firstByteNanos();

    record Completed(String provider, ObjectNode body, Usage usage, long firstByteNanos) implements UpstreamResult {
    }

    /**
     * A stream whose first event has arrived; it keeps filling {@link #stream()} after the route completes.
     * {@link #outcome()} completes when the provider's stream ends, fails or the client cancels.
     */
    record Streaming(String provider, SseStream stream, CompletableFuture<StreamOutcome> outcome, long firstByteNanos)
            implements UpstreamResult {
    }

    /**
     * @param usage     tokens as the provider reported them, or counted when it did not
     * @param estimated true when the completion tokens were counted by the gateway
     * @param complete  true when the provider ended the stream properly
     * @param error     why the stream did not complete, or null
     */
    record StreamOutcome(Usage usage, boolean estimated, boolean complete, GatewayException error,
                         long durationNanos) {
    }
}
