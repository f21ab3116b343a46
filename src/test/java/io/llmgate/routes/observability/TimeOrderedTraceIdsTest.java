package io.llmgate.routes.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import org.junit.jupiter.api.Test;

class TimeOrderedTraceIdsTest {

    @Test
    void traceIdsStartWithTheSecondAndAreOtherwiseRandom() {
        AtomicLong now = new AtomicLong(1_795_000_000L);
        TimeOrderedTraceIds ids = new TimeOrderedTraceIds(now::get);
        String first = ids.generateTraceId();
        assertThat(TraceId.isValid(first)).isTrue();
        assertThat(first).startsWith(Long.toHexString(1_795_000_000L));
        Set<String> sameSecond = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sameSecond.add(ids.generateTraceId());
        }
        assertThat(sameSecond).hasSize(10_000);
        now.incrementAndGet();
        String later = ids.generateTraceId();
        assertThat(later.compareTo(first)).isPositive();
        assertThat(sameSecond).allSatisfy(id -> assertThat(later.compareTo(id)).isPositive());
        assertThat(SpanId.isValid(ids.generateSpanId())).isTrue();
    }
}
