package io.llmgate.routes.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;

/**
 * Work a {@link RequestListener} needs finished before the client gets its answer, such as budget spend that must
 * be committed first: a whole response is written once every hold is done, a stream's last bytes ({@code [DONE]})
 * are. Whoever adds a hold bounds it; it should not fail (a failure is treated as done).
 */
public final class ResponseHolds {

    private ResponseHolds() {
    }

    /** From a listener's {@code onComplete}: the response waits for {@code hold}. */
    public static void add(Exchange exchange, CompletionStage<?> hold) {
        CompletableFuture<?> f = hold.toCompletableFuture();
        if (f.isDone()) {
            return;
        }
        GatewayExchange state = GatewayExchange.of(exchange);
        synchronized (state) {
            List<CompletableFuture<?>> holds = state.responseHolds();
            if (holds == null) {
                holds = new ArrayList<>(2);
                state.responseHolds(holds);
            }
            holds.add(f);
        }
    }

    /** Removes the holds added so far; the result completes when all of them have (at once when there are none). */
    public static CompletableFuture<Void> take(Exchange exchange) {
        List<CompletableFuture<?>> holds;
        GatewayExchange state = GatewayExchange.of(exchange);
        synchronized (state) {
            holds = state.responseHolds();
            state.responseHolds(null);
        }
        if (holds == null || holds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(holds.toArray(CompletableFuture[]::new)).exceptionally(e -> null);
    }
}
