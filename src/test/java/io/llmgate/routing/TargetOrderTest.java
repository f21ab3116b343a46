package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.routing.PlanNode;
import io.llmgate.routes.routing.RoutingPlan;
import io.llmgate.routes.routing.TargetHealth;
import io.llmgate.routes.routing.TargetOrder;

/** Weights without statistics: the load balancer's draws come from an injected generator. */
class TargetOrderTest {

    /** Returns 0/n, 1/n, ... (n-1)/n in turn: every part of [0, 1) equally often, so shares are exact. */
    static final class Grid implements RandomGenerator {
        private final int n;
        private int i;

        Grid(int n) {
            this.n = n;
        }

        @Override
        public double nextDouble() {
            return (i++ % n) / (double) n;
        }

        @Override
        public long nextLong() {
            return (long) (nextDouble() * Long.MAX_VALUE);
        }
    }

    static PlanNode.Target target(String name, double weight) {
        return new PlanNode.Target("config.targets[" + name + "]", name, weight, "openai", "k-" + name, null, null,
                null, Map.of(), List.of(), PlanNode.Retry.NONE, null, null);
    }

    static TargetOrder order(RandomGenerator random) {
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        TargetHealth health = new TargetHealth(none.getBeanProvider(Clock.class), none.getBeanProvider(MeterRegistry.class));
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("routingRandom", random));
        return new TargetOrder(health, new GatewayProperties(), beans.getBeanProvider(RandomGenerator.class));
    }

    @Test
    void weightsThreeToOneGiveExactlyThreeQuartersToTheFirstAndZeroWeightNothing() {
        PlanNode.Strategy lb = new PlanNode.Strategy("config", null, 1, PlanNode.Mode.LOADBALANCE,
                PlanNode.Algorithm.WEIGHTED, null, List.of(), null,
                List.of(target("a", 3), target("b", 1), target("c", 0)));
        RoutingPlan plan = new RoutingPlan("weights", 1, lb);
        TargetOrder order = order(new Grid(400));
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            List<PlanNode> ranked = order.order(plan, lb);
            assertThat(ranked).extracting(PlanNode::name).doesNotContain("c").hasSize(2);
            first.merge(ranked.get(0).name(), 1, Integer::sum);
        }
        // 400 orders of two draws each: the first-place draws land on the grid's even points, each twice
        assertThat(first).containsEntry("a", 300).containsEntry("b", 100);
        assertThat(Set.copyOf(first.keySet())).containsExactlyInAnyOrder("a", "b");
    }
}
