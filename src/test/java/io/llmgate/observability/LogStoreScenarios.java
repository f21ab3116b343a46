package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.model.logs.LogRetentionJob;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.LogSink;
import io.llmgate.model.logs.RequestLogStore;
import io.llmgate.model.logs.RequestLogWriter;

/**
 * The request log's store and writer on each database: logs older than the retention are deleted with their attempts
 * and tags (rows on H2, jsonb on PostgreSQL), the clock fixed, nothing sleeping; an entry the database refuses costs
 * only itself, not its batch.
 */
interface LogStoreScenarios {

    /** The one successful attempt of the scenarios' entries. */
    LogEntry.AttemptEntry ATTEMPT = new LogEntry.AttemptEntry(0, "", "openai", "gpt-4o-mini", 200, "SUCCESS", null,
            null, 1.0);

    RequestLogStore store();

    LogQueryService logs();

    /**
     * One entry the database refuses for its data (here a log id that is already stored: the primary key refuses it,
     * in a JDBC batch on H2 and in a COPY on PostgreSQL) is dropped and counted; the rest of its batch is written.
     */
    @Test
    default void anEntryTheDatabaseRefusesIsDroppedAloneNotWithItsBatch() {
        String tag = "refused-" + UUID.randomUUID();
        Instant now = Instant.now();
        LogEntry stored = entry(tag, now);
        store().insert(List.of(stored));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestLogWriter writer = startedWriter(meters);
        for (int i = 0; i < 10; i++) {
            LogEntry e = entry(tag, now);
            assertThat(writer.offer(i == 6 ? withId(e, stored.id()) : e)).isTrue();
        }
        writer.stop();

        assertThat(meters.get("llmgate.log.written").counter().count()).isEqualTo(9);
        assertThat(meters.get("llmgate.log.dropped").tag("reason", "write_failed").counter().count()).isEqualTo(1);
        assertThat(count(tag)).isEqualTo(10); // the stored one and the nine
    }

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
        Map<String, Object> kept = logs.find(WorkspaceScope.unrestricted(), recent.id());
        assertThat(kept).isNotNull();
        // what the writer encoded (COPY text on PostgreSQL) reads back as it was
        assertThat(kept.get("created_at")).isEqualTo(recent.createdAt());
        assertThat(((Number) kept.get("latency_ms")).doubleValue()).isEqualTo(recent.latencyMs());
        assertThat(kept.get("metadata")).isEqualTo(recent.metadata());
        assertThat(logs.find(WorkspaceScope.unrestricted(), old.id())).isNull();
        assertThat(logs.attempts(WorkspaceScope.unrestricted(), old.id())).isEmpty();
        assertThat(logs.attempts(WorkspaceScope.unrestricted(), recent.id())).hasSize(1);
        assertThat(job.purge()).isZero();
    }

    @Test
    default void zeroRetentionKeepsEverything() {
        assertThat(new LogRetentionJob(logs(), Duration.ZERO, Clock.systemUTC()).purge()).isZero();
    }

    /** A writer on this database's store, batches of 10, that writes what it holds when stopped (30 s interval). */
    default RequestLogWriter startedWriter(SimpleMeterRegistry meters) {
        LogProperties properties = new LogProperties();
        properties.setFlushInterval(Duration.ofSeconds(30));
        properties.setBatchSize(10);
        properties.setWriteAttempts(2);
        RequestLogWriter writer = new RequestLogWriter(store(), properties, meters,
                new StaticListableBeanFactory().getBeanProvider(LogSink.class));
        writer.start();
        return writer;
    }

    /** Logged entries tagged {@code retention=tag}. */
    default long count(String tag) {
        return logs().count(WorkspaceScope.unrestricted(), new LogFilter(null, null, null, null, null, null, null, null, null, null, null,
                Map.of("retention", tag)));
    }

    private static LogEntry withId(LogEntry e, String id) {
        return new LogEntry(id, e.requestId(), e.traceId(), e.createdAt(), e.endpoint(), e.apiKeyId(), e.apiKeyName(),
                e.workspaceId(), e.organizationId(), e.virtualKey(), e.configId(), e.provider(), e.model(), e.status(),
                e.errorType(), e.errorCode(), e.errorMessage(), e.streamed(), e.cacheHit(), e.attemptCount(),
                e.latencyMs(), e.ttftMs(), e.upstreamMs(), e.promptTokens(), e.completionTokens(), e.cachedTokens(),
                e.usageEstimated(), e.cost(), e.metadata(), e.attempts(), e.requestBody(), e.responseBody());
    }

    private static LogEntry entry(String tag, Instant at) {
        return entry(tag, at, List.of(ATTEMPT));
    }

    /** An entry tagged {@code retention=tag} (see {@link #count}) with these attempts. */
    static LogEntry entry(String tag, Instant at, List<LogEntry.AttemptEntry> attempts) {
        return new LogEntry(UUID.randomUUID().toString(), "req-" + UUID.randomUUID(), null, at, "chat.completions",
                null, null, null, null, null, null, "openai", "gpt-4o-mini", 200, null, null, null, false, false,
                attempts.size(), 1.234, null, 1.0, 1, 1, 0, false, null, Map.of("retention", tag), attempts, null,
                null);
    }
}
