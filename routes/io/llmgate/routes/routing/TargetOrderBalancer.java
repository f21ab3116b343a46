package io.llmgate.routes.routing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.processor.loadbalancer.LoadBalancerSupport;

/**
 * The loadbalance strategy: {@link TargetOrder} ranks the targets for this request (weighted, round robin, least
 * busy or latency), the first is tried, and the next ones only while a circuit breaker is open. A failed call is the
 * answer, as in Portkey: a fallback is a config's own decision.
 */
final class TargetOrderBalancer extends LoadBalancerSupport {

    private final TargetOrder order;
    private final RoutingPlan plan;
    private final PlanNode.Strategy strategy;
    private final Map<PlanNode, Integer> positions = new IdentityHashMap<>();

    TargetOrderBalancer(TargetOrder order, RoutingPlan plan, PlanNode.Strategy strategy) {
        this.order = order;
        this.plan = plan;
        this.strategy = strategy;
        List<PlanNode> children = strategy.children();
        for (int i = 0; i < children.size(); i++) {
            positions.put(children.get(i), i);
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        List<PlanNode> ranked = order.order(plan, strategy);
        next(exchange, callback, doGetProcessors(), ranked, 0);
        return false;
    }

    private void next(Exchange exchange, AsyncCallback callback, AsyncProcessor[] targets, List<PlanNode> ranked,
                      int index) {
        targets[positions.get(ranked.get(index))].process(exchange, doneSync -> {
            if (exchange.getException() instanceof CircuitOpenException && index + 1 < ranked.size()) {
                PlanFailures.clearForNext(exchange);
                next(exchange, callback, targets, ranked, index + 1);
                return;
            }
            callback.done(false);
        });
    }
}
