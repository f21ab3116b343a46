package io.llmgate.routes.observability;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Trace ids for traces the gateway starts (a caller's {@code traceparent} keeps its own): 4 bytes of epoch seconds,
 * then 12 random bytes, the layout AWS X-Ray uses. The request log indexes {@code trace_id}; ids that grow with time
 * land at the end of that index instead of on random pages (a fully random id cost the writer's database ~3 µs per
 * request on PostgreSQL and ~9 µs on H2). The low 8 bytes stay random, which is what ratio sampling reads.
 */
public final class TimeOrderedTraceIds implements IdGenerator {

    private final LongSupplier epochSeconds;

    public TimeOrderedTraceIds(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    @Override
    public String generateSpanId() {
        return IdGenerator.random().generateSpanId();
    }

    @Override
    public String generateTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochSeconds.getAsLong() << 32) | (random.nextInt() & 0xFFFFFFFFL);
        long low;
        do {
            low = random.nextLong();
        } while (low == 0);
        return TraceId.fromLongs(high, low);
    }
}
