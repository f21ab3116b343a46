package io.llmgate.routes.routing;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.processor.loadbalancer.LoadBalancerSupport;

import io.llmgate.routes.api.Attempt;

/**
 * Failover in the order of the config's targets, deciding as Portkey does: the next target is tried after a 429, a
 * 5xx, a timeout or a connection failure (or the statuses in {@code on_status_codes}); any other error is the
 * answer. Camel's failover balancer decides by exception class only, and a config decides by status.
 */
final class FallbackBalancer extends LoadBalancerSupport {

    private final PlanNode.Strategy strategy;

    FallbackBalancer(PlanNode.Strategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        next(exchange, callback, doGetProcessors(), 0);
        return false;
    }

    private void next(Exchange exchange, AsyncCallback callback, AsyncProcessor[] targets, int index) {
        targets[index].process(exchange, doneSync -> {
            Exception failure = exchange.getException();
            if (failure != null && index + 1 < targets.length
                    && PlanFailures.fallsBack(PlanFailures.unwrap(failure), strategy)) {
                RoutingRun.markLast(exchange, Attempt.Outcome.FELL_BACK);
                PlanFailures.clearForNext(exchange);
                next(exchange, callback, targets, index + 1);
                return;
            }
            callback.done(false);
        });
    }
}
