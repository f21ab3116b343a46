package io.llmgate.model.writer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue drained by one writer thread in batches: whatever was queued while the previous batch was being
 * written (up to {@code maxBatch} items) goes into the next one, so one transaction is shared by many callers.
 * {@link #offer} never waits (a full queue refuses the item; the caller decides whether that is a drop),
 * {@link #put} waits for room (for writes that must not be dropped). {@link #close} stops taking items and writes
 * everything still queued. A batch that fails is logged and counted; the writer goes on with the next one.
 *
 * <p>Meters (tag {@code writer}): {@code llmgate.writer.queue.depth}, {@code llmgate.writer.written} and
 * {@code llmgate.writer.failed}.
 */
public final class BatchWriter<T> implements AutoCloseable {

    /** Writes one batch; the list is only valid during the call. */
    @FunctionalInterface
    public interface Handler<T> {
        void write(List<T> batch) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final String name;
    private final int maxBatch;
    private final Handler<T> handler;
    private final BlockingQueue<T> queue;
    /** Items queued and not yet written (or failed); flush waits for 0. */
    private final AtomicLong pending = new AtomicLong();
    private final Object idle = new Object();
    private final Counter written;
    private final Counter failed;
    private final Thread thread;
    private volatile boolean accepting = true;

    /**
     * @param threads makes the one writer thread (a daemon platform thread, or a virtual one)
     */
    public BatchWriter(String name, int capacity, int maxBatch, Handler<T> handler, ThreadFactory threads,
                       MeterRegistry meters) {
        this.name = name;
        this.maxBatch = Math.max(1, maxBatch);
        this.handler = handler;
        this.queue = new LinkedBlockingQueue<>(Math.max(1, capacity));
        Gauge.builder("llmgate.writer.queue.depth", queue, BlockingQueue::size).tag("writer", name)
                .description("Items waiting for the background writer").register(meters);
        this.written = Counter.builder("llmgate.writer.written").tag("writer", name)
                .description("Items the background writer handed to its handler").register(meters);
        this.failed = Counter.builder("llmgate.writer.failed").tag("writer", name)
                .description("Items in batches whose write threw").register(meters);
        this.thread = threads.newThread(this::run);
        this.thread.start();
    }

    /** A daemon platform thread of this name (JDBC drivers still hold monitors while doing I/O). */
    public static ThreadFactory daemonThread(String name) {
        return Thread.ofPlatform().name(name).daemon().factory();
    }

    /** Queues an item without waiting; false when the queue is full or the writer is closed. */
    public boolean offer(T item) {
        if (!accepting) {
            return false;
        }
        pending.incrementAndGet();
        if (queue.offer(item)) {
            return true;
        }
        done(1);
        return false;
    }

    /** Queues an item, waiting for room when the queue is full; false only when the writer is closed. */
    public boolean put(T item) {
        if (!accepting) {
            return false;
        }
        pending.incrementAndGet();
        try {
            queue.put(item);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done(1);
            return false;
        }
    }

    public int depth() {
        return queue.size();
    }

    /** Waits until everything queued so far is written, at most {@code timeout}; true when it was. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops taking items and waits (at most {@code timeout}) for everything queued to be written. */
    public boolean close(Duration timeout) {
        accepting = false;
        boolean drained = flush(timeout);
        thread.interrupt(); // the writer waits in take(); after the flush nothing is left for it
        return drained;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                handler.write(batch);
                written.increment(batch.size());
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    failed.increment(batch.size());
                    LOG.error("{}: interrupted while writing {} items", name, batch.size());
                }
            } catch (RuntimeException e) {
                failed.increment(batch.size());
                LOG.error("{}: could not write {} items", name, batch.size(), e);
            } finally {
                done(batch.size());
                batch.clear();
            }
        }
    }

    private void done(int items) {
        if (items > 0 && pending.addAndGet(-items) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }
}
