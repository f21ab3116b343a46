package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.LogSink;
import io.llmgate.model.logs.LogBatch;
import io.llmgate.model.logs.RequestLogStore;
import io.llmgate.model.logs.RequestLogWriter;
import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.Usage;

class LogWriterTest extends H2ObservabilityTest {

    @Autowired
    MeterRegistry registry;
    @Autowired
    RequestLogWriter writer;

    /**
     * 50,000 requests end at once (4 threads) against a queue of 5,000: the request side never waits, the queue
     * never grows past its bound, and every entry is either written or counted as dropped.
     */
    @Test
    void burstOf50kIsWrittenOrCountedWithABoundedQueue() throws Exception {
        String burst = "burst-" + UUID.randomUUID();
        double droppedBefore = dropped(registry, "queue_full");
        double writtenBefore = registry.get("llmgate.log.written").counter().count();
        int capacity = (int) registry.get("llmgate.log.queue.capacity").gauge().value();
        AtomicInteger maxDepth = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                maxDepth.accumulateAndGet(writer.depth(), Math::max);
                Thread.onSpinWait();
            }
        });
        monitor.start();

        int threads = 4;
        int perThread = 12_500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        long[] slowestNanos = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread p = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    long s = System.nanoTime();
                    observabilityListener().onComplete(new DefaultExchange(camel()), request(burst, index, i),
                            outcome());
                    slowestNanos[index] = Math.max(slowestNanos[index], System.nanoTime() - s);
                }
            });
            p.start();
            producers.add(p);
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread p : producers) {
            p.join();
        }
        long offeredIn = System.nanoTime() - began;
        // until every entry is accounted for (the last batch may still be in flight when the queue is empty);
        // generous on a busy shared machine
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline
                && (writer.depth() > 0 || (dropped(registry, "queue_full") - droppedBefore)
                + (registry.get("llmgate.log.written").counter().count() - writtenBefore) < 50_000)) {
            Thread.sleep(20);
        }
        done.set(true);
        monitor.join();

        long dropped = (long) (dropped(registry, "queue_full") - droppedBefore);
        long written = (long) (registry.get("llmgate.log.written").counter().count() - writtenBefore);
        long stored = logs.count(WorkspaceScope.unrestricted(), new LogFilter(null, null, null, null, null, null,
                null, null, null, null, null, Map.of("burst", burst)));
        System.out.printf("burst: 50000 offered in %d ms, %d written, %d dropped, max depth %d of %d%n",
                offeredIn / 1_000_000, written, dropped, maxDepth.get(), capacity);

        assertThat(maxDepth.get()).isLessThanOrEqualTo(capacity);
        assertThat(stored).isEqualTo(written);
        assertThat(written + dropped).isEqualTo(50_000);
        assertThat(get("/metrics").body()).contains("llmgate_log_dropped_total{", "reason=\"queue_full\"");
    }

    /** Entries still queued at shutdown are written before the writer stops. */
    @Test
    void queuedEntriesAreFlushedOnStop() {
        String tag = "flush-" + UUID.randomUUID();
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30)); // nothing would be written before stop()
        properties.setBatchSize(10_000);
        properties.setQueueCapacity(10_000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter standalone = started(store, properties, meters);
        // the first poll takes one entry and waits the flush interval for more: queue the rest behind it
        for (int i = 0; i < 3000; i++) {
            assertThat(standalone.offer(entry(tag))).isTrue();
        }
        standalone.stop();

        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(3000);
        assertThat(logs.count(WorkspaceScope.unrestricted(), new LogFilter(null, null, null, null, null, null, null,
                null, null, null, null, Map.of("flush", tag)))).isEqualTo(3000);
        assertThat(standalone.offer(entry(tag))).as("no entries after stop").isFalse();
        assertThat(meters.get("llmgate.log.dropped").tag("reason", "stopped").counter().count()).isEqualTo(1);
    }

    /** Under load a full batch is written at once, without waiting out the flush interval. */
    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheFlushInterval() {
        String tag = "full-" + UUID.randomUUID();
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30));
        properties.setBatchSize(100);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter standalone = started(store, properties, meters);
        try {
            for (int i = 0; i < 250; i++) {
                assertThat(standalone.offer(entry(tag))).isTrue();
            }
            // two full batches go well before the 30 s interval; the last 50 wait for it (or for stop())
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    meters.get("llmgate.log.written").counter().count() >= 200);
            assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(200);
        } finally {
            standalone.stop();
        }
        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(250);
        assertThat(logs.count(WorkspaceScope.unrestricted(), new LogFilter(null, null, null, null, null, null, null,
                null, null, null, null, Map.of("flush", tag)))).isEqualTo(250);
    }

    /**
     * While a batch fills, queued entries are taken every take interval (encoded and let go on PostgreSQL), not left
     * in the queue until the flush interval.
     */
    @Test
    void whileABatchFillsQueuedEntriesAreTakenEveryTakeInterval() {
        String tag = "take-" + UUID.randomUUID();
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30));
        properties.setTakeInterval(Duration.ofMillis(20));
        properties.setBatchSize(10_000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter standalone = started(store, properties, meters);
        try {
            assertThat(standalone.offer(entry(tag))).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> standalone.depth() == 0);
            for (int i = 0; i < 50; i++) {
                assertThat(standalone.offer(entry(tag))).isTrue();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> standalone.depth() == 0);
            assertThat(meters.get("llmgate.log.written").counter().count()).as("the batch is still filling")
                    .isZero();
        } finally {
            standalone.stop();
        }
        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(51);
    }

    /** A full queue drops (counted) instead of blocking, however slow the database is. */
    @Test
    void fullQueueDropsAndCountsWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RequestLogStore stuck = new RequestLogStore(null, null, null) {
            @Override
            public void write(LogBatch batch) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        LogProperties properties = new LogProperties();
        properties.setQueueCapacity(10);
        properties.setBatchSize(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter standalone = started(stuck, properties, meters);
        long s = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            accepted += standalone.offer(entry("x")) ? 1 : 0;
        }
        assertThat(System.nanoTime() - s).as("offering never waits").isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(accepted).isBetween(10, 11); // the queue, plus at most the one the writer holds
        assertThat(meters.get("llmgate.log.dropped").tag("reason", "queue_full").counter().count())
                .isEqualTo(1000 - accepted);
        assertThat(meters.get("llmgate.log.queue.depth").gauge().value()).isLessThanOrEqualTo(10);
        release.countDown();
        standalone.stop();
    }

    private static double dropped(MeterRegistry registry, String reason) {
        return registry.get("llmgate.log.dropped").tag("reason", reason).counter().count();
    }

    /** A writer of its own, apart from the application's, without sinks, started. */
    private static RequestLogWriter started(RequestLogStore store, LogProperties properties, MeterRegistry meters) {
        RequestLogWriter writer = new RequestLogWriter(store, properties, meters, noSinks());
        writer.start();
        return writer;
    }

    private static org.springframework.beans.factory.ObjectProvider<LogSink> noSinks() {
        return new StaticListableBeanFactory().getBeanProvider(LogSink.class);
    }

    private static GatewayRequest request(String burst, int thread, int i) {
        return new GatewayRequest("burst-" + thread + "-" + i, Endpoint.CHAT_COMPLETIONS,
                JsonNodeFactory.instance.objectNode().put("model", "gpt-4o-mini"), Map.of(),
                Map.of("burst", burst), System.nanoTime());
    }

    private static RequestOutcome outcome() {
        return new RequestOutcome(200, "openai", "gpt-4o-mini", new Usage(10, 5, 0), false, null,
                List.of(new Attempt(0, "", "openai", "gpt-4o-mini", 200, Attempt.Outcome.SUCCESS, null, null,
                        1_000_000)), false, 1_000_000, 2_000_000);
    }

    static LogEntry entry(String flushTag) {
        return new LogEntry(UUID.randomUUID().toString(), "req-" + UUID.randomUUID(), null, Instant.now(),
                "chat.completions", null, null, null, null, null, null, "openai", "gpt-4o-mini", 200, null, null, null,
                false, false, 0, 1.0, null, null, 1, 1, 0, false, null, Map.of("flush", flushTag), List.of(), null,
                null);
    }
}
