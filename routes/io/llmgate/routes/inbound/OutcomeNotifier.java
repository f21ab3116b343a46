package io.llmgate.routes.inbound;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestListener;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.ResponseHolds;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * Tells the {@link RequestListener}s how a request ended; for streams, once the stream has ended. What they must
 * finish before the client is answered ({@link ResponseHolds}) holds the response: the returned future for a whole
 * response, the stream's last bytes for a stream.
 */
@Component
public class OutcomeNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeNotifier.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final List<RequestListener> listeners;

    public OutcomeNotifier(ObjectProvider<RequestListener> listeners) {
        this.listeners = listeners.orderedStream().toList();
    }

    /** @return completes when the response may be written (at once for streams: they hold their end instead) */
    CompletableFuture<Void> succeeded(Exchange exchange) {
        GatewayRequest request = GatewayExchange.of(exchange).request();
        Object result = exchange.getProperty(GatewayHeaders.RESULT_PROPERTY);
        if (request == null || listeners.isEmpty() || result == null) {
            return DONE;
        }
        String model = model(exchange, request);
        if (result instanceof UpstreamResult.Streaming s) {
            // the stream completes its outcome before it queues [DONE], so the hold is in place before the end
            s.outcome().whenComplete((o, t) -> s.stream().holdEndUntil(notify(exchange, request, new RequestOutcome(
                    o.error() == null ? 200 : o.error().status(), s.provider(), model, o.usage(), o.estimated(),
                    o.error(), attempts(exchange), true, s.firstByteNanos(), System.nanoTime() - request.receivedNanos()))));
        } else if (result instanceof UpstreamResult.Completed c) {
            return notify(exchange, request, new RequestOutcome(200, c.provider(), model,
                    c.usage() == null ? Usage.NONE : c.usage(), false, null, attempts(exchange), false,
                    c.firstByteNanos(), System.nanoTime() - request.receivedNanos()));
        }
        return DONE;
    }

    void failed(Exchange exchange, GatewayException error) {
        GatewayRequest request = GatewayExchange.of(exchange).request();
        if (request == null || listeners.isEmpty()) {
            return;
        }
        ProviderTarget target = exchange.getProperty(GatewayHeaders.TARGET_PROPERTY, ProviderTarget.class);
        notify(exchange, request, new RequestOutcome(error.status(),
                target != null ? target.provider() : error.provider(), model(exchange, request), Usage.NONE, false,
                error, attempts(exchange), request.stream(), -1, System.nanoTime() - request.receivedNanos()));
    }

    private static String model(Exchange exchange, GatewayRequest request) {
        ObjectNode body = GatewayExchange.of(exchange).body();
        return body != null ? body.path("model").asText(null) : request.model();
    }

    @SuppressWarnings("unchecked")
    private static List<Attempt> attempts(Exchange exchange) {
        List<Attempt> attempts = GatewayExchange.of(exchange).attempts();
        return attempts == null ? List.of() : List.copyOf(attempts);
    }

    private CompletableFuture<Void> notify(Exchange exchange, GatewayRequest request, RequestOutcome outcome) {
        for (RequestListener listener : listeners) {
            try {
                listener.onComplete(exchange, request, outcome);
            } catch (RuntimeException e) {
                LOG.warn("request listener {} failed for {}", listener.getClass().getSimpleName(),
                        request.requestId(), e);
            }
        }
        return ResponseHolds.take(exchange);
    }
}
