package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.inbound.ResponseWriter;

/**
 * What one request's routing knows as it runs through its plan's routes: the target tried last, its retry count, and
 * whether breakers are bypassed because every target was open. One object per request, held in an exchange property,
 * so the copies that load balancers and circuit breakers make of the exchange all share it.
 */
public final class RoutingRun {

    static final String PROPERTY = "llmgate.routingRun";

    private volatile String lastPath;
    private volatile int retriesOnLast;
    private volatile boolean breakersBypassed;
    private volatile boolean skippedOpen;

    /** The run of this request, created with its attempt list and response headers when routing starts. */
    static RoutingRun start(Exchange exchange) {
        RoutingRun run = new RoutingRun();
        exchange.setProperty(PROPERTY, run);
        if (GatewayExchange.of(exchange).attempts() == null) {
            GatewayExchange.of(exchange).attempts(Collections.synchronizedList(new ArrayList<>()));
        }
        responseHeaders(exchange);
        return run;
    }

    static RoutingRun of(Exchange exchange) {
        RoutingRun run = exchange.getProperty(PROPERTY, RoutingRun.class);
        return run != null ? run : start(exchange);
    }

    void tried(PlanNode.Target target, int retry) {
        lastPath = target.path();
        retriesOnLast = retry;
    }

    void skippedOpen() {
        skippedOpen = true;
    }

    boolean anySkippedOpen() {
        return skippedOpen;
    }

    void bypassBreakers() {
        breakersBypassed = true;
    }

    boolean breakersBypassed() {
        return breakersBypassed;
    }

    /** {@code x-gateway-last-used-option-index} and {@code x-gateway-retry-attempt-count}, as Portkey sends them. */
    void finish(Exchange exchange) {
        if (lastPath != null) {
            Map<String, Object> headers = responseHeaders(exchange);
            headers.put(GatewayHeaders.LAST_USED_OPTION_INDEX, lastPath);
            headers.put(GatewayHeaders.RETRY_ATTEMPT_COUNT, retriesOnLast);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responseHeaders(Exchange exchange) {
        Map<String, Object> headers = GatewayExchange.of(exchange).responseHeaders();
        if (headers == null) {
            headers = Collections.synchronizedMap(new LinkedHashMap<>());
            GatewayExchange.of(exchange).responseHeaders(headers);
        }
        return headers;
    }

    /** The last failed attempt becomes {@code outcome} (fell back, retried): the log tells why routing went on. */
    @SuppressWarnings("unchecked")
    static void markLast(Exchange exchange, Attempt.Outcome outcome) {
        List<Attempt> attempts = GatewayExchange.of(exchange).attempts();
        if (attempts == null) {
            return;
        }
        synchronized (attempts) {
            if (attempts.isEmpty()) {
                return;
            }
            int last = attempts.size() - 1;
            Attempt a = attempts.get(last);
            if (a.outcome() == Attempt.Outcome.FAILED) {
                attempts.set(last, new Attempt(a.index(), a.optionPath(), a.provider(), a.model(), a.status(),
                        outcome, a.errorType(), a.errorMessage(), a.latencyNanos()));
            }
        }
    }
}
