package io.llmgate.model.logs;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The request log's only way to the database: a bounded queue that the request path offers to (never waits), and
 * one thread that writes batches. A full queue drops the entry and counts it ({@code llmgate.log.dropped}); a
 * failing database is retried a few times, then the batch is counted as dropped. On shutdown, after Camel has
 * stopped taking requests, everything still queued is written.
 */
@Component
public class RequestLogWriter implements SmartLifecycle {

    /** Stops after Camel (phase {@code Integer.MAX_VALUE - 2049}) so the last requests' entries are written. */
    public static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogWriter.class);

    private final RequestLogStore store;
    private final LogProperties properties;
    private final List<LogSink> sinks;
    private final BlockingQueue<LogEntry> queue;
    private final Counter droppedFull;
    private final Counter droppedFailed;
    private final Counter droppedStopped;
    private final Counter written;
    private final Timer writeTimer;
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private volatile long lastWarningNanos;
    private volatile boolean running;
    private volatile boolean accepting;
    private Thread thread;

    public RequestLogWriter(RequestLogStore store, LogProperties properties, MeterRegistry registry,
                            ObjectProvider<LogSink> sinks) {
        this.store = store;
        this.properties = properties;
        this.sinks = sinks.orderedStream().filter(LogSink::active).toList();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, properties.getQueueCapacity()));
        Gauge.builder("llmgate.log.queue.depth", queue, BlockingQueue::size)
                .description("Log entries waiting for the writer").register(registry);
        Gauge.builder("llmgate.log.queue.capacity", queue, q -> q.size() + q.remainingCapacity())
                .description("Most log entries the queue holds").register(registry);
        this.droppedFull = dropped(registry, "queue_full");
        this.droppedFailed = dropped(registry, "write_failed");
        this.droppedStopped = dropped(registry, "stopped");
        this.written = Counter.builder("llmgate.log.written").description("Log entries written to the database")
                .register(registry);
        this.writeTimer = Timer.builder("llmgate.log.write").description("Time to write one batch")
                .register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("llmgate.log.dropped").description("Log entries lost, by reason")
                .tag("reason", reason).register(registry);
    }

    /**
     * Queues an entry; never blocks. Returns false when it was dropped (and counted).
     */
    public boolean offer(LogEntry entry) {
        if (!accepting) {
            droppedStopped.increment();
            return false;
        }
        if (queue.offer(entry)) {
            return true;
        }
        droppedFull.increment();
        warnDropped();
        return false;
    }

    /**
     * Writes the halves of a run of entries the database refused for their data, recursively, so only the refused
     * entries are lost (counted as {@code write_failed}). Returns how many were.
     */
    private int split(LogBatch batch, int from, int to) {
        if (to - from == 1) {
            droppedFailed.increment();
            return 1;
        }
        int half = from + (to - from) / 2;
        return writePart(batch, from, half) + writePart(batch, half, to);
    }

    private int writePart(LogBatch batch, int from, int to) {
        try {
            store.write(batch, from, to);
            written.increment(to - from);
            return 0;
        } catch (RuntimeException e) {
            if (refusedData(e)) {
                return split(batch, from, to);
            }
            droppedFailed.increment(to - from);
            return to - from;
        }
    }

    /**
     * The database refused the rows themselves (SQLSTATE class 22, data exception, or 23, integrity constraint), as
     * opposed to being unreachable or overloaded, where the same batch is worth retrying.
     */
    static boolean refusedData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    public int depth() {
        return queue.size();
    }

    private void warnDropped() {
        droppedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastWarningNanos > TimeUnit.SECONDS.toNanos(10)) {
            lastWarningNanos = now;
            LOG.warn("request log queue full ({} entries): {} entries dropped since the last warning; "
                    + "see llmgate.log.dropped", queue.size(), droppedSinceWarning.getAndSet(0));
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        accepting = true;
        thread = new Thread(this::run, "request-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            accepting = false;
            running = false;
            t = thread;
        }
        LockSupport.unpark(t);
        try {
            t.join(properties.getShutdownTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            droppedStopped.increment(left);
            queue.clear();
            LOG.warn("request log: {} entries not written within the shutdown timeout", left);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        int batchSize = Math.max(1, properties.getBatchSize());
        long waitNanos = Math.max(1, properties.getFlushInterval().toNanos());
        long stepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), properties.getTakeInterval().toNanos());
        LogBatch batch = store.newBatch(!sinks.isEmpty(), batchSize);
        List<LogEntry> taken = new ArrayList<>(batchSize);
        // after stop() the loop goes on until the queue is empty: that is the flush on shutdown
        while (running || !queue.isEmpty()) {
            try {
                LogEntry first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                take(batch, batchSize, taken);
                if (batch.size() < batchSize && running) {
                    // let the batch fill: one transaction per flush interval instead of one per few requests
                    // costs the database (H2 runs in this JVM) far less CPU per entry
                    linger(waitNanos, stepNanos, batch, batchSize, taken);
                }
                write(batch);
            } catch (InterruptedException e) {
                // nothing interrupts this thread on purpose; the loop ends when stopped and drained
            } catch (RuntimeException e) {
                LOG.error("request log writer failed; continuing", e);
            } finally {
                batch.clear();
                taken.clear();
            }
        }
    }

    /** Moves what is queued (up to a full batch) into the batch, which on PostgreSQL encodes it at once. */
    private void take(LogBatch batch, int batchSize, List<LogEntry> taken) {
        queue.drainTo(taken, batchSize - batch.size());
        for (LogEntry entry : taken) {
            batch.add(entry);
        }
        taken.clear();
    }

    /**
     * Waits up to the flush interval, or until the batch is full, taking what is queued every take interval: each
     * entry is encoded while its objects are still in the CPU's caches and then let go (reading entries after a
     * 200 ms wait, or even after a batch's worth of requests, missed the caches on every object and let young
     * collections copy thousands of queued entries). Every step is a wake-up that costs the core the request
     * threads run on: 20 ms cost less in all than 5 ms (docs/observability.md).
     */
    private void linger(long nanos, long stepNanos, LogBatch batch, int batchSize, List<LogEntry> taken) {
        // parked in short steps, not waiting on the queue: offers never signal the writer; stop() unparks it
        long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (running && left > 0 && batch.size() < batchSize) {
            LockSupport.parkNanos(this, Math.min(left, stepNanos));
            take(batch, batchSize, taken);
            left = deadline - System.nanoTime();
        }
    }

    private void write(LogBatch batch) throws InterruptedException {
        if (batch.unencodable() > 0) {
            droppedFailed.increment(batch.unencodable());
            LOG.error("request log: {} entries could not be encoded, dropped", batch.unencodable(),
                    batch.firstFailure());
        }
        boolean stored = batch.size() == 0;
        for (int attempt = 1; attempt <= Math.max(1, properties.getWriteAttempts()) && !stored; attempt++) {
            long started = System.nanoTime();
            try {
                store.write(batch);
                writeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                written.increment(batch.size());
                stored = true;
            } catch (RuntimeException e) {
                if (refusedData(e)) {
                    // retrying the same rows cannot help: find the refused ones, write the rest
                    int lost = split(batch, 0, batch.size());
                    LOG.error("request log: the database refused {} of {} entries, dropped: {}", lost, batch.size(),
                            e.toString());
                    stored = true;
                } else if (attempt >= properties.getWriteAttempts()) {
                    droppedFailed.increment(batch.size());
                    LOG.error("request log: {} entries dropped after {} failed writes", batch.size(), attempt, e);
                } else {
                    LOG.warn("request log: write failed (try {}), retrying: {}", attempt, e.toString());
                    Thread.sleep(Duration.ofMillis(200L * attempt).toMillis());
                }
            }
        }
        if (!sinks.isEmpty() && !batch.entries().isEmpty()) {
            List<LogEntry> entries = List.copyOf(batch.entries());
            for (LogSink sink : sinks) {
                try {
                    sink.publish(entries);
                } catch (RuntimeException e) {
                    LOG.warn("log sink {} failed", sink.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
