package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.llmgate.batch.LogRetentionJob;
import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;

/**
 * Logs older than the retention are deleted with their attempts and tags (rows on H2, jsonb on PostgreSQL); the
 * clock is fixed, nothing sleeps.
 */
interface RetentionScenarios {

    RequestLogStore store();

    LogQueryService logs();

    @Test
    default void deletesWhatIsOlderThanTheRetention() {
        RequestLogStore store = store();
        LogQueryService logs = logs();
        Instant now = Instant.parse("2031-06-15T12:00:00Z");
        String tag = "retention-" + UUID.randomUUID();
        LogEntry old = entry(tag, now.minus(Duration.ofDays(31)));
        LogEntry older = entry(tag, now.minus(Duration.ofDays(400)));
        LogEntry recent = entry(tag, now.minus(Duration.ofDays(29)).plusNanos(123_456_000));
        store.insert(List.of(old, older, recent));
        assertThat(count(tag)).isEqualTo(3);

        LogRetentionJob job = new LogRetentionJob(logs, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
        assertThat(job.purge()).isGreaterThanOrEqualTo(2);

        assertThat(count(tag)).isEqualTo(1);
        Map<String, Object> kept = logs.find(recent.id());
        assertThat(kept).isNotNull();
        // what the writer encoded (COPY text on PostgreSQL) reads back as it was
        assertThat(kept.get("created_at")).isEqualTo(recent.createdAt());
        assertThat(((Number) kept.get("latency_ms")).doubleValue()).isEqualTo(recent.latencyMs());
        assertThat(kept.get("metadata")).isEqualTo(recent.metadata());
        assertThat(logs.find(old.id())).isNull();
        assertThat(logs.attempts(old.id())).isEmpty();
        assertThat(logs.attempts(recent.id())).hasSize(1);
        assertThat(job.purge()).isZero();
    }

    @Test
    default void zeroRetentionKeepsEverything() {
        assertThat(new LogRetentionJob(logs(), Duration.ZERO, Clock.systemUTC()).purge()).isZero();
    }

    private long count(String tag) {
        return logs().count(new LogFilter(null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("retention", tag)));
    }

    private static LogEntry entry(String tag, Instant at) {
        return new LogEntry(UUID.randomUUID().toString(), "req-" + UUID.randomUUID(), null, at, "chat.completions",
                null, null, null, null, null, null, "openai", "gpt-4o-mini", 200, null, null, null, false, false, 1,
                1.234, null, 1.0, 1, 1, 0, false, null, Map.of("retention", tag),
                List.of(new LogEntry.AttemptEntry(0, "", "openai", "gpt-4o-mini", 200, "SUCCESS", null, null, 1.0)),
                null, null);
    }
}
