package io.llmgate.model.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Sliding windows held in this JVM. A window of length W is cut into {@value #BUCKETS} buckets of W/600 (100 ms for
 * a minute, 6 s for an hour) and keeps one bucket more than it spans: an amount counted at t leaves only once its
 * whole bucket is older than W, i.e. between t + W and t + W + one bucket. The count therefore never falls short of
 * the exact sliding count (the limit holds in every window of length W) and capacity returns at most one bucket
 * late.
 */
@Component
public class InMemoryRateLimitCounters implements RateLimitCounters {

    static final int BUCKETS = 600;
    /** Ring slots: the buckets a window spans plus the one it is partly in. */
    static final int SLOTS = BUCKETS + 1;

    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .expireAfterAccess(2, TimeUnit.HOURS).maximumSize(1_000_000).build();

    static final class Window {
        final long bucketMillis;
        final long[] counts = new long[SLOTS];
        final long[] ids = new long[SLOTS];
        long total;

        Window(Duration window) {
            this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
            java.util.Arrays.fill(ids, Long.MIN_VALUE);
        }

        /** Drops buckets that have left the window ending at now. */
        void advance(long now) {
            long current = now / bucketMillis;
            for (int i = 0; i < SLOTS; i++) {
                if (ids[i] != Long.MIN_VALUE && ids[i] <= current - SLOTS) {
                    total -= counts[i];
                    counts[i] = 0;
                    ids[i] = Long.MIN_VALUE;
                }
            }
        }

        void add(long at, long amount, long now) {
            long id = at / bucketMillis;
            if (id <= now / bucketMillis - SLOTS) {
                return; // already outside the window
            }
            int slot = (int) Math.floorMod(id, (long) SLOTS);
            if (ids[slot] != id) {
                total -= counts[slot];
                counts[slot] = 0;
                ids[slot] = id;
            }
            long next = Math.max(0, counts[slot] + amount);
            total += next - counts[slot];
            counts[slot] = next;
        }

        /** Millis from now until the buckets leaving first free {@code needed}; -1 when they never can. */
        long timeToFree(long needed, long now) {
            if (needed <= 0) {
                return 0;
            }
            long current = now / bucketMillis;
            long freed = 0;
            for (long id = current - SLOTS + 1; id <= current; id++) {
                int slot = (int) Math.floorMod(id, (long) SLOTS);
                if (ids[slot] == id) {
                    freed += counts[slot];
                    if (freed >= needed) {
                        return (id + SLOTS) * bucketMillis - now;
                    }
                }
            }
            return -1;
        }

        long reset(long now) {
            return total == 0 ? 0 : Math.max(0, timeToFree(1, now));
        }
    }

    private Window window(String key, Duration window) {
        return windows.get(key + "|" + window.toMillis(), k -> new Window(window));
    }

    @Override
    public Result tryAcquire(String key, Duration duration, long limit, long amount, long now) {
        Window w = window(key, duration);
        synchronized (w) {
            w.advance(now);
            if (w.total + amount <= limit) {
                w.add(now, amount, now);
                return new Result(true, w.total, 0, w.reset(now));
            }
            long wait = amount > limit ? duration.toMillis() : w.timeToFree(w.total + amount - limit, now);
            return new Result(false, w.total, wait < 0 ? duration.toMillis() : wait, w.reset(now));
        }
    }

    @Override
    public void adjust(String key, Duration duration, long delta, long at, long now) {
        Window w = window(key, duration);
        synchronized (w) {
            w.advance(now);
            w.add(at, delta, now);
        }
    }
}
