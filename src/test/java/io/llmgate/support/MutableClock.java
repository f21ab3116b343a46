package io.llmgate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** Real time plus an offset tests can move forward: windows, periods, expiry and caches age without sleeping. */
public final class MutableClock extends Clock {

    private final AtomicLong offsetNanos = new AtomicLong();

    public void advance(Duration d) {
        offsetNanos.addAndGet(d.toNanos());
    }

    public Ticker ticker() {
        return () -> System.nanoTime() + offsetNanos.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }
}
