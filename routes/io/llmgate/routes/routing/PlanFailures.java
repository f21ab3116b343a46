package io.llmgate.routes.routing;

import java.util.concurrent.CompletionException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.RuntimeExchangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;

/** How routing reads a failed try: the three decisions (breaker, retry, fallback) in one place. */
final class PlanFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PlanFailures.class);

    private PlanFailures() {
    }

    /** Counts against the target's breaker: the provider is unwell (429, 408, 5xx, timeouts, connection failures). */
    static boolean unhealthy(Throwable t) {
        if (!(t instanceof GatewayException error) || t instanceof AttemptRefusedException) {
            return false;
        }
        return error.status() == 429 || error.status() >= 500 || error.status() == 408;
    }

    /** Default: 429, any 5xx, timeouts and connection failures; a config's on_status_codes replaces that list. */
    static boolean fallsBack(GatewayException error, PlanNode.Strategy strategy) {
        if (error instanceof CircuitOpenException) {
            return true;
        }
        if (strategy.onStatusCodes() != null) {
            return strategy.onStatusCodes().contains(error.status());
        }
        if (error instanceof UpstreamException u && u.kind() != UpstreamException.Kind.HTTP_ERROR) {
            return true;
        }
        return error.status() == 429 || error.status() >= 500;
    }

    /** Retried on the same target: the target's retry.on_status_codes (attempts are counted by the error handler). */
    static boolean retried(Throwable t, PlanNode.Retry policy) {
        return t instanceof GatewayException error && !(t instanceof CircuitOpenException)
                && policy.onStatusCodes().contains(error.status());
    }

    static GatewayException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof RuntimeExchangeException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayException g) {
            return g;
        }
        LOG.error("routing failed unexpectedly", t);
        return new GatewayException(500, "server_error", "internal_error", null,
                "routing failed unexpectedly; see the gateway log", null, null, t);
    }

    /** Before the next target: the last one's failure and its redelivery bookkeeping are gone. */
    static void clearForNext(Exchange exchange) {
        exchange.setException(null);
        forgetErrorHandling(exchange);
        exchange.getMessage().removeHeaders("CamelRedelivery*");
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        exchange.removeProperty(ExchangePropertyKey.FAILURE_ENDPOINT);
    }

    /**
     * A target's redelivery marks the failure it gave up on as exhausted and handled; the routes around it (the
     * next target, the gateway's error response) must still see the failure as new.
     */
    static void forgetErrorHandling(Exchange exchange) {
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getExchangeExtension().setFailureHandled(false);
    }

    static boolean notPermitted(Throwable t) {
        while (t != null) {
            if (t instanceof CallNotPermittedException) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
