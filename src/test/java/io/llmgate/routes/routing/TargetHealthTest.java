package io.llmgate.routes.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.llmgate.support.MutableClock;

/** The latency average takes successful calls only; failures are counted apart (issue 18: "5000 ms" for a 5 ms failure). */
class TargetHealthTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final TargetHealth health = health(clock);

    @Test
    void failuresAreNotLatencySamples() {
        TargetHealth.Stats s = health.stats("openai|gpt-4o|vk:vk_a");
        s.success(120);
        s.success(120);
        clock.advance(Duration.ofSeconds(3));
        s.failure();   // a 5 ms failure used to be recorded as 5000 ms of latency
        s.failure();

        assertThat(s.latencyMillis()).isEqualTo(120.0);
        assertThat(s.consecutiveFailures()).isEqualTo(2);
        assertThat(s.lastFailureAt()).isEqualTo(Instant.parse("2026-03-01T10:00:03Z"));
        assertThat(s.failureRate()).isCloseTo(0.3 + 0.7 * 0.3, within(1e-9));
        // latency routing still ranks the failing target as slow
        assertThat(s.routingCostMillis()).isGreaterThan(1000);

        s.success(100);
        assertThat(s.latencyMillis()).isCloseTo(0.3 * 100 + 0.7 * 120, within(1e-9));
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.lastFailureAt()).as("kept for the console").isEqualTo(Instant.parse("2026-03-01T10:00:03Z"));
    }

    @Test
    void aTargetThatOnlyFailedHasNoLatency() {
        TargetHealth.Stats s = health.stats("openai|gpt-4o|vk:vk_b");
        assertThat(s.routingCostMillis()).as("unmeasured targets are tried first").isEqualTo(-1);
        s.failure();
        assertThat(s.latencyMillis()).isEqualTo(-1);
        assertThat(s.failureRate()).isEqualTo(1.0);
        assertThat(s.routingCostMillis()).isEqualTo(TargetHealth.FAILURE_PENALTY_MILLIS);
    }

    static TargetHealth health(Clock clock) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("routingClock", clock);
        return new TargetHealth(beans.getBeanProvider(Clock.class), beans.getBeanProvider(MeterRegistry.class));
    }
}
