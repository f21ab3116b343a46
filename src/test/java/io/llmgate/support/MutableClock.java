package io.llmgate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A clock tests move forward by hand, so waits (breaker open state, windows, periods, expiry, TTLs) pass without
 * sleeping. Built with a start instant it stands still between advances; built without one it is real time plus
 * the offset advanced so far.
 */
public final class MutableClock extends Clock {

    private final Instant start;
    private final AtomicLong offsetNanos = new AtomicLong();

    /** Real time plus an offset. */
    public MutableClock() {
        this.start = null;
    }

    /** A clock that stands at {@code start} until advanced. */
    public MutableClock(Instant start) {
        this.start = start;
    }

    public void advance(Duration d) {
        offsetNanos.addAndGet(d.toNanos());
    }

    /** A Caffeine ticker that moves with {@link #advance}. */
    public Ticker ticker() {
        return () -> System.nanoTime() + offsetNanos.get();
    }

    @Override
    public Instant instant() {
        return (start == null ? Instant.now() : start).plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
