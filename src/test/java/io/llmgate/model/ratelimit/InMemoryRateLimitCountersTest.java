package io.llmgate.model.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InMemoryRateLimitCountersTest {

    final InMemoryRateLimitCounters counters = new InMemoryRateLimitCounters();
    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void neverAdmitsMoreThanTheLimitInAnySlidingWindowAndLagsAtMostOneBucket() {
        long limit = 50;
        long window = MINUTE.toMillis();
        Random random = new Random(42);
        java.util.List<Long> all = new java.util.ArrayList<>();
        long t = 1_000_000;
        int refusedWithRoom = 0;
        for (int i = 0; i < 20_000; i++) {
            t += random.nextInt(400);
            long now = t;
            boolean allowed = counters.tryAcquire("k", MINUTE, limit, 1, now).allowed();
            long exact = all.stream().filter(at -> at > now - window).count();
            if (allowed) {
                all.add(now);
                assertThat(exact + 1).as("exact sliding count at %d", now).isLessThanOrEqualTo(limit);
            } else if (exact < limit) {
                // refused although the exact window has room: only because amounts that left the exact window
                // less than one bucket (100 ms) ago are still counted
                long lingering = all.stream().filter(at -> at <= now - window && at > now - window - 100).count();
                assertThat(exact + lingering).as("refusal at %d", now).isGreaterThanOrEqualTo(limit);
                refusedWithRoom++;
            }
        }
        assertThat(refusedWithRoom).isLessThan(2000);
    }

    @Test
    void retryAfterIsWhenEnoughLeavesTheWindow() {
        long t0 = 600_000;
        assertThat(counters.tryAcquire("r", MINUTE, 3, 2, t0).allowed()).isTrue();
        assertThat(counters.tryAcquire("r", MINUTE, 3, 1, t0 + 20_000).allowed()).isTrue();
        RateLimitCounters.Result refused = counters.tryAcquire("r", MINUTE, 3, 1, t0 + 30_000);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).isBetween(30_000L, 30_100L);
        assertThat(refused.resetMillis()).isBetween(30_000L, 30_100L);
        // needing 2 frees only once the first two have left
        RateLimitCounters.Result two = counters.tryAcquire("r", MINUTE, 3, 3, t0 + 30_000);
        assertThat(two.retryAfterMillis()).isBetween(50_000L, 50_100L);
        assertThat(counters.tryAcquire("r", MINUTE, 3, 1, t0 + 60_100).allowed()).isTrue();
    }

    @Test
    void adjustmentsCorrectAnEarlierAmount() {
        long t0 = 900_000;
        assertThat(counters.tryAcquire("t", MINUTE, 100, 80, t0).allowed()).isTrue();
        counters.adjust("t", MINUTE, -60, t0, t0 + 1000);   // used 20, not 80
        assertThat(counters.tryAcquire("t", MINUTE, 100, 80, t0 + 2000).allowed()).isTrue();
        assertThat(counters.tryAcquire("t", MINUTE, 100, 1, t0 + 2000).allowed()).isFalse();
        assertThat(counters.tryAcquire("t", MINUTE, 100, 20, t0 + 60_050).allowed()).as("the 20 still count").isFalse();
        assertThat(counters.tryAcquire("t", MINUTE, 100, 21, t0 + 60_200).allowed()).isFalse();
        assertThat(counters.tryAcquire("t", MINUTE, 100, 20, t0 + 60_200).allowed()).as("the 20 have left").isTrue();
    }

    @Test
    void resetHeadersUseOpenAisFormat() {
        assertThat(RateLimitEnforcer.duration(250)).isEqualTo("250ms");
        assertThat(RateLimitEnforcer.duration(1000)).isEqualTo("1s");
        assertThat(RateLimitEnforcer.duration(360_000)).isEqualTo("6m0s");
    }
}
