package io.llmgate.model.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The request log, bound from {@code gateway.logs.*}. */
@ConfigurationProperties("gateway.logs")
public class LogProperties {

    /**
     * When false nothing is queued or written (metrics and traces still work). Read per request, so it can be
     * switched while running (the load benchmark compares on and off in one JVM this way).
     */
    private volatile boolean enabled = true;
    /** Most log entries waiting for the writer; beyond it the overflow policy applies. Bounds memory. */
    private int queueCapacity = 20_000;
    /**
     * Most entries per write (one transaction). The writer's cost is mostly per batch; since entries are let go once
     * encoded (PostgreSQL), 1000 cost less at high rates than 500 (docs/observability.md).
     */
    private int batchSize = 1000;
    /** Longest time an entry waits for a batch to fill before it is written. */
    private Duration flushInterval = Duration.ofMillis(200);
    /**
     * While a batch fills, how often the writer takes what is queued (and encodes it). Shorter: entries leave the
     * queue sooner; longer: fewer wake-ups of the writer, each of which costs CPU beside the request threads.
     */
    private Duration takeInterval = Duration.ofMillis(20);
    /** What happens to an entry when the queue is full. */
    private Overflow overflow = Overflow.DROP;
    /** Time allowed at shutdown to write what is still queued. */
    private Duration shutdownTimeout = Duration.ofSeconds(15);
    /** Tries per batch when the database fails, before the batch is counted as dropped. */
    private int writeAttempts = 3;
    /** Logs older than this are deleted by the retention job; 0 keeps them forever. */
    private Duration retention = Duration.ofDays(30);
    /** How often the retention job runs. */
    private Duration retentionInterval = Duration.ofHours(1);
    /** Camel endpoint URIs that receive every log row as one JSON line (file, kafka, http...). */
    private List<String> sinkUris = new ArrayList<>();
    /** Rows waiting for the sinks; beyond it rows are dropped for the sinks (counted). */
    private int sinkQueueCapacity = 20_000;
    /** Most rows one export returns. */
    private int exportMaxRows = 1_000_000;
    private final Bodies bodies = new Bodies();

    public enum Overflow {
        /** Drop the entry and count it in {@code llmgate.log.dropped{reason=queue_full}}. Never blocks the request. */
        DROP
    }

    /** Request and response bodies: off unless enabled, capped, with fields redacted. */
    public static class Bodies {
        private boolean enabled = false;
        /** Characters kept per body; longer bodies are cut and marked. At most 1 MiB. */
        private int maxChars = 16_384;
        /** JSON field names whose values are replaced by "[REDACTED]" wherever they occur (case-insensitive). */
        private List<String> redactFields = new ArrayList<>(List.of("api_key", "apiKey", "authorization",
                "password", "secret", "token", "access_token"));

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getMaxChars() { return maxChars; }
        public void setMaxChars(int maxChars) { this.maxChars = Math.max(0, Math.min(maxChars, 1_048_576)); }
        public List<String> getRedactFields() { return redactFields; }
        public void setRedactFields(List<String> redactFields) { this.redactFields = redactFields; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getQueueCapacity() { return queueCapacity; }
    public void setQueueCapacity(int queueCapacity) { this.queueCapacity = queueCapacity; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getFlushInterval() { return flushInterval; }
    public void setFlushInterval(Duration flushInterval) { this.flushInterval = flushInterval; }
    public Duration getTakeInterval() { return takeInterval; }
    public void setTakeInterval(Duration takeInterval) { this.takeInterval = takeInterval; }
    public Overflow getOverflow() { return overflow; }
    public void setOverflow(Overflow overflow) { this.overflow = overflow; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public int getWriteAttempts() { return writeAttempts; }
    public void setWriteAttempts(int writeAttempts) { this.writeAttempts = writeAttempts; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    public Duration getRetentionInterval() { return retentionInterval; }
    public void setRetentionInterval(Duration retentionInterval) { this.retentionInterval = retentionInterval; }
    public List<String> getSinkUris() { return sinkUris; }
    public void setSinkUris(List<String> sinkUris) { this.sinkUris = sinkUris; }
    public int getSinkQueueCapacity() { return sinkQueueCapacity; }
    public void setSinkQueueCapacity(int sinkQueueCapacity) { this.sinkQueueCapacity = sinkQueueCapacity; }
    public int getExportMaxRows() { return exportMaxRows; }
    public void setExportMaxRows(int exportMaxRows) { this.exportMaxRows = exportMaxRows; }
    public Bodies getBodies() { return bodies; }
}
