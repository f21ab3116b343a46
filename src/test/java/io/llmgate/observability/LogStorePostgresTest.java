package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.llmgate.model.logs.LogEntry;
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
}
