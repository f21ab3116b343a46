package io.llmgate.routing;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;

class LoadBalancingTest extends RoutingTestSupport {

    static String loadbalance(String algorithm, String... targets) {
        return "{\"strategy\":{\"mode\":\"loadbalance\"" + (algorithm == null ? "" : ",\"algorithm\":\"" + algorithm + "\"")
                + "},\"targets\":[" + String.join(",", targets) + "]}";
    }

    Map<String, AtomicInteger> send(String config, int requests, int threads) throws Exception {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                all.add(pool.submit(() -> {
                    String w = who(chat(config));
                    counts.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return counts;
    }

    static int count(Map<String, AtomicInteger> counts, String who) {
        AtomicInteger c = counts.get(who);
        return c == null ? 0 : c.get();
    }

    @Test
    void weights90To10OverAThousandRequestsAndWeightZeroGetsNothing() throws Exception {
        Map<String, AtomicInteger> counts = send(loadbalance(null, target(A, "\"weight\":0.9"),
                target(B, "\"weight\":0.1"), target(C, "\"weight\":0")), 1000, 8);
        // binomial(1000, 0.9): standard deviation ~9.5; 6 of them either side
        assertThat(count(counts, "A")).isBetween(843, 957);
        assertThat(count(counts, "A") + count(counts, "B")).isEqualTo(1000);
        assertThat(C.count()).isZero();
    }

    @Test
    void roundRobinAlternates() throws Exception {
        String config = loadbalance("round_robin", target(A), target(B));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(who(chat(config)));
        }
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).isNotEqualTo(order.get(i - 1));
        }
    }

    @Test
    void leastBusyMovesTrafficAwayFromASlowTargetAndBack() throws Exception {
        A.always(FakeProvider.slow(300, answer("A")));
        String config = loadbalance("least_busy", target(A), target(B));
        Map<String, AtomicInteger> busy = send(config, 40, 4);
        // A holds its requests for 300 ms; while it does, new ones go to B
        assertThat(count(busy, "B")).isGreaterThan(count(busy, "A") * 3);

        A.always(answer("A"));
        Map<String, AtomicInteger> recovered = send(config, 60, 1);
        assertThat(count(recovered, "A")).isGreaterThanOrEqualTo(12); // idle targets tie: traffic spreads again
    }

    @Test
    void latencyModeMovesTrafficAwayFromASlowTargetAndBackAfterItRecovers() throws Exception {
        A.always(FakeProvider.slow(150, answer("A")));
        String config = loadbalance("latency", target(A), target(B));
        send(config, 10, 1); // measure both
        Map<String, AtomicInteger> slowA = send(config, 40, 1);
        assertThat(count(slowA, "B")).isGreaterThanOrEqualTo(30);

        A.always(answer("A"));
        B.always(FakeProvider.slow(150, answer("B")));
        send(config, 40, 1); // exploration finds that A recovered
        Map<String, AtomicInteger> recovered = send(config, 40, 1);
        assertThat(count(recovered, "A")).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aFailingChosenTargetIsNotSilentlyReplacedWithoutAFallback() {
        A.always(json(500, "{\"error\":{\"message\":\"A broke\"}}"));
        B.always(json(500, "{\"error\":{\"message\":\"B broke\"}}"));
        assertThat(chat(loadbalance(null, target(A), target(B))).status()).isEqualTo(500);
        assertThat(A.count() + B.count()).isEqualTo(1);
    }
}
