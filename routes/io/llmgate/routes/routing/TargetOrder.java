package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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
    private final RandomGenerator random;

    /** @param random draws weights and latency exploration; tests pass a seeded or scripted one */
    public TargetOrder(TargetHealth health, GatewayProperties properties,
                       @Qualifier("routingRandom") ObjectProvider<RandomGenerator> random) {
        this.health = health;
        this.random = random.getIfAvailable(TargetOrder::threadLocalRandom);
        this.exploration = properties.getRouting().getLatencyExploration();
    }

    public List<PlanNode> order(RoutingPlan plan, PlanNode.Strategy strategy) {
        List<PlanNode> eligible = new ArrayList<>();
        for (PlanNode c : strategy.children()) {
            if (c.weight() > 0) {
                eligible.add(c);
            }
        }
        switch (strategy.algorithm()) {
            case ROUND_ROBIN -> {
                long n = roundRobin.computeIfAbsent(plan.id() + "@" + plan.version() + "#" + strategy.path(),
                        k -> new AtomicLong()).getAndIncrement();
                Collections.rotate(eligible, -(int) (n % eligible.size()));
                return eligible;
            }
            case LEAST_BUSY -> {
                shuffle(eligible); // ties go anywhere
                eligible.sort(Comparator.comparingDouble(load(n -> health.stats(n).inFlight())));
                return eligible;
            }
            case LATENCY -> {
                shuffle(eligible);
                if (random.nextDouble() >= exploration) {
                    // unmeasured targets first (-1), then the fastest, failures counting as slow
                    eligible.sort(Comparator.comparingDouble(load(n -> health.stats(n).routingCostMillis())));
                }
                return eligible;
            }
            default -> {
                return weightedOrder(eligible);
            }
        }
    }

    /** A random order where each next target is drawn in proportion to its weight. */
    private List<PlanNode> weightedOrder(List<PlanNode> eligible) {
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

    /** The default generator: ThreadLocalRandom's, safe to share between request threads. */
    static RandomGenerator threadLocalRandom() {
        return () -> ThreadLocalRandom.current().nextLong();
    }

    /** Fisher–Yates with the injected generator (Collections.shuffle wants a java.util.Random). */
    private void shuffle(List<PlanNode> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
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
