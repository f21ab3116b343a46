package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;

/**
 * The load balancer: orders a loadbalance strategy's targets by preference for one request. The first is tried; the
 * next ones only when a circuit breaker is open. Targets with weight 0 never get traffic.
 */
@Component
public class TargetOrder {

    private final TargetHealth health;
    private final double exploration;
    private final Map<String, AtomicLong> roundRobin = new ConcurrentHashMap<>();

    public TargetOrder(TargetHealth health, GatewayProperties properties) {
        this.health = health;
        this.exploration = properties.getRouting().getLatencyExploration();
    }

    public List<PlanNode> order(RoutingPlan plan, PlanNode.Strategy strategy) {
        List<PlanNode> eligible = new ArrayList<>();
        for (PlanNode c : strategy.children()) {
            if (c.weight() > 0) {
                eligible.add(c);
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (strategy.algorithm()) {
            case ROUND_ROBIN -> {
                long n = roundRobin.computeIfAbsent(plan.id() + "@" + plan.version() + "#" + strategy.path(),
                        k -> new AtomicLong()).getAndIncrement();
                Collections.rotate(eligible, -(int) (n % eligible.size()));
                return eligible;
            }
            case LEAST_BUSY -> {
                Collections.shuffle(eligible, random); // ties go anywhere
                eligible.sort(Comparator.comparingDouble(load(n -> health.stats(n).inFlight())));
                return eligible;
            }
            case LATENCY -> {
                Collections.shuffle(eligible, random);
                if (random.nextDouble() >= exploration) {
                    // unmeasured targets first (-1), then the fastest, failures counting as slow
                    eligible.sort(Comparator.comparingDouble(load(n -> health.stats(n).routingCostMillis())));
                }
                return eligible;
            }
            default -> {
                return weightedOrder(eligible, random);
            }
        }
    }

    /** A random order where each next target is drawn in proportion to its weight. */
    private static List<PlanNode> weightedOrder(List<PlanNode> eligible, ThreadLocalRandom random) {
        List<PlanNode> left = new ArrayList<>(eligible);
        List<PlanNode> order = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            double total = 0;
            for (PlanNode n : left) {
                total += n.weight();
            }
            double r = random.nextDouble(total);
            int pick = left.size() - 1;
            for (int i = 0; i < left.size(); i++) {
                r -= left.get(i).weight();
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            order.add(left.remove(pick));
        }
        return order;
    }

    /** A nested strategy counts as the average of its targets. */
    private static ToDoubleFunction<PlanNode> load(ToDoubleFunction<PlanNode.Target> metric) {
        return new ToDoubleFunction<>() {
            @Override
            public double applyAsDouble(PlanNode node) {
                if (node instanceof PlanNode.Target t) {
                    return metric.applyAsDouble(t);
                }
                List<PlanNode> children = ((PlanNode.Strategy) node).children();
                double sum = 0;
                for (PlanNode c : children) {
                    sum += applyAsDouble(c);
                }
                return children.isEmpty() ? 0 : sum / children.size();
            }
        };
    }
}
