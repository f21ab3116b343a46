package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogFilter;
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
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30));
        properties.setBatchSize(10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter writer = new RequestLogWriter(store(), properties, meters,
                new StaticListableBeanFactory().getBeanProvider(LogSink.class));
        writer.start();
        LogEntry.AttemptEntry attempt = new LogEntry.AttemptEntry(0, "", "openai", "gpt-4o-mini", 200, "SUCCESS",
                null, null, 1.0);
        for (int i = 0; i < 10; i++) {
            assertThat(writer.offer(entry(tag, i == 3 ? Arrays.asList(attempt, null) : List.of(attempt)))).isTrue();
        }
        writer.stop();

        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(9);
        assertThat(meters.get("llmgate.log.dropped").tag("reason", "write_failed").counter().count()).isEqualTo(1);
        assertThat(logs().count(new LogFilter(null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("unencodable", tag)))).isEqualTo(9);
    }

    private static LogEntry entry(String tag, List<LogEntry.AttemptEntry> attempts) {
        return new LogEntry(UUID.randomUUID().toString(), "req-" + UUID.randomUUID(), null, Instant.now(),
                "chat.completions", null, null, null, null, null, null, "openai", "gpt-4o-mini", 200, null, null, null,
                false, false, attempts.size(), 1.0, null, 1.0, 1, 1, 0, false, null, Map.of("unencodable", tag),
                attempts, null, null);
    }
}
