package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.LogSink;
import io.llmgate.model.logs.RequestLogWriter;

/** The log store scenarios (retention, refused entries) on PostgreSQL (skipped when no server answers). */
class LogStorePostgresTest extends PostgresObservabilityTest implements LogStoreScenarios {

    /**
     * On PostgreSQL the writer encodes each entry's COPY rows as it takes the entry from the queue: one whose rows
     * cannot be encoded (here an attempt list holding a null, after its log row was already written) leaves no
     * partial row behind, is counted as {@code write_failed}, and its batch is written without it.
     */
    @Test
    void anEntryWhoseRowsCannotBeEncodedIsDroppedAloneAndCounted() {
        String tag = "unencodable-" + UUID.randomUUID();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter writer = startedWriter(meters);
        for (int i = 0; i < 10; i++) {
            List<LogEntry.AttemptEntry> attempts = i == 3 ? Arrays.asList(ATTEMPT, null) : List.of(ATTEMPT);
            assertThat(writer.offer(LogStoreScenarios.entry(tag, Instant.now(), attempts))).isTrue();
        }
        writer.stop();

        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(9);
        assertThat(meters.get("llmgate.log.dropped").tag("reason", "write_failed").counter().count()).isEqualTo(1);
        assertThat(count(tag)).isEqualTo(9);
    }

    /**
     * Once the writer has encoded an entry's COPY rows it lets the entry go while the batch fills, unless a sink that
     * has somewhere to send rows needs it: a sink without destinations (the Camel sink without {@code sink-uris})
     * keeps no entry alive. (Keeping every batch's entries for it doubled what young collections copied.)
     */
    @Test
    void anEncodedEntryIsLetGoUnlessAnActiveSinkNeedsIt() throws InterruptedException {
        RecordingSink inactive = new RecordingSink(false);
        assertThat(keptWhileTheBatchFills(inactive)).isFalse();
        assertThat(inactive.published).isEmpty();

        RecordingSink active = new RecordingSink(true);
        assertThat(keptWhileTheBatchFills(active)).isTrue();
        assertThat(active.published).hasSize(2);
    }

    /** Whether the second of two entries is still reachable after the writer took it (flush interval 30 s). */
    private boolean keptWhileTheBatchFills(LogSink sink) throws InterruptedException {
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30));
        properties.setTakeInterval(Duration.ofMillis(1));
        properties.setBatchSize(100);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("sink", sink);
        RequestLogWriter writer = new RequestLogWriter(store(), properties, new SimpleMeterRegistry(),
                beans.getBeanProvider(LogSink.class));
        writer.start();
        String tag = "let-go-" + UUID.randomUUID();
        try {
            // the first entry of a batch stays in a local of the writer's loop while the batch fills: follow the second
            assertThat(writer.offer(LogStoreScenarios.entry(tag, Instant.now(), List.of(ATTEMPT)))).isTrue();
            WeakReference<LogEntry> second = offered(writer, tag);
            for (int i = 0; i < 250 && writer.depth() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(writer.depth()).isZero();
            for (int i = 0; i < 25; i++) {
                System.gc();
                if (second.get() == null) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        } finally {
            writer.stop();
            assertThat(count(tag)).isEqualTo(2);
        }
    }

    private static WeakReference<LogEntry> offered(RequestLogWriter writer, String tag) {
        LogEntry entry = LogStoreScenarios.entry(tag, Instant.now(), List.of(ATTEMPT));
        assertThat(writer.offer(entry)).isTrue();
        return new WeakReference<>(entry);
    }

    private static final class RecordingSink implements LogSink {
        private final boolean active;
        final List<LogEntry> published = new ArrayList<>();

        RecordingSink(boolean active) {
            this.active = active;
        }

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void publish(List<LogEntry> batch) {
            published.addAll(batch);
        }
    }
}
