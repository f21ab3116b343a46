package io.llmgate.model.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;


/** Deletes request logs older than {@code gateway.logs.retention}, every {@code gateway.logs.retention-interval}. */
@Component
public class LogRetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetentionJob.class);
    private static final int CHUNK = 1000;

    private final LogQueryService logs;
    private final Duration retention;
    private final Clock clock;

    @Autowired
    public LogRetentionJob(LogQueryService logs, LogProperties properties, ObjectProvider<Clock> clock) {
        this(logs, properties.getRetention(), clock.getIfAvailable(Clock::systemUTC));
    }

    public LogRetentionJob(LogQueryService logs, Duration retention, Clock clock) {
        this.logs = logs;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${gateway.logs.retention-interval:1h}",
            fixedDelayString = "${gateway.logs.retention-interval:1h}")
    public void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("request log retention failed; trying again next time", e);
        }
    }

    /** Deletes what is older than the retention; returns the number of requests deleted. */
    public long purge() {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        long deleted = logs.deleteOlderThan(cutoff, CHUNK);
        if (deleted > 0) {
            LOG.info("request log retention: deleted {} requests older than {}", deleted, cutoff);
        }
        return deleted;
    }
}
