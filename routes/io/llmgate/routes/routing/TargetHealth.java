package io.llmgate.routes.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What the gateway knows about each upstream target, shared by every config that uses it: its Resilience4j circuit
 * breaker, requests in flight (least-busy), a moving average of latency and a moving failure rate (latency
 * balancing). Keyed by {@link PlanNode.Target#healthKey()}.
 */
@Component
public class TargetHealth {

    /** Weight of the newest sample in the latency average and in the failure rate. */
    static final double EWMA_ALPHA = 0.3;
    /** What a failure costs in latency routing: a target that fails fast must not look like a fast target. */
    static final double FAILURE_PENALTY_MILLIS = 5000;

    private final CircuitBreakerRegistry breakers;
    private final Clock clock;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    /**
     * Running numbers for one target. The latency average takes successful calls only (time to first byte), so it
     * is a latency and never a failure in disguise; failures go to their own moving rate and a consecutive count.
     */
    public static final class Stats {
        final AtomicInteger inFlight = new AtomicInteger();
        private final Clock clock;
        private double latencyMillis = -1; // -1: no successful call yet
        private double failureRate;        // moving average of 1 per failure, 0 per success
        private long calls;
        private int consecutiveFailures;
        private Instant lastFailureAt;

        Stats(Clock clock) {
            this.clock = clock;
        }

        public int inFlight() {
            return inFlight.get();
        }

        /** Moving average of the time to first byte of successful calls; -1 before the first one. */
        public synchronized double latencyMillis() {
            return latencyMillis;
        }

        /** Moving failure rate, 0..1 (0 before any call). */
        public synchronized double failureRate() {
            return failureRate;
        }

        /** Failures since the last success (0: the last call succeeded). */
        public synchronized int consecutiveFailures() {
            return consecutiveFailures;
        }

        /** When the target last failed, or null. */
        public synchronized Instant lastFailureAt() {
            return lastFailureAt;
        }

        /**
         * What latency routing compares: -1 before any call (so unmeasured targets are tried), else the latency
         * blended with the failure penalty by the failure rate.
         */
        public synchronized double routingCostMillis() {
            if (calls == 0) {
                return -1;
            }
            double latency = latencyMillis < 0 ? FAILURE_PENALTY_MILLIS : latencyMillis;
            return (1 - failureRate) * latency + failureRate * Math.max(latency, FAILURE_PENALTY_MILLIS);
        }

        synchronized void success(double firstByteMillis) {
            latencyMillis = latencyMillis < 0 ? firstByteMillis
                    : EWMA_ALPHA * firstByteMillis + (1 - EWMA_ALPHA) * latencyMillis;
            failureRate = calls == 0 ? 0 : (1 - EWMA_ALPHA) * failureRate;
            consecutiveFailures = 0;
            calls++;
        }

        synchronized void failure() {
            failureRate = calls == 0 ? 1 : EWMA_ALPHA + (1 - EWMA_ALPHA) * failureRate;
            consecutiveFailures++;
            lastFailureAt = clock.instant();
            calls++;
        }
    }

    /** @param clock time for the breakers' open-state waits; tests pass a clock they move forward */
    public TargetHealth(@Qualifier("routingClock") ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        this.clock = c;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().clock(c).build());
        // resilience4j_circuitbreaker_state{name=<target>} and friends, for breakers created later too
        meters.ifAvailable(registry -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry));
    }

    public Stats stats(PlanNode.Target target) {
        return stats(target.healthKey());
    }

    public Stats stats(String key) {
        return stats.computeIfAbsent(key, k -> new Stats(clock));
    }

    /**
     * The target's breaker, created on first use with the target's settings. One breaker per target: the first
     * config to use a target sets its thresholds.
     */
    public Optional<CircuitBreaker> breaker(PlanNode.Target target) {
        PlanNode.Breaker spec = target.breaker();
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(breakers.circuitBreaker(target.healthKey(), () -> CircuitBreakerConfig.from(breakers.getDefaultConfig())
                .failureRateThreshold(spec.failureRateThreshold())
                .slowCallRateThreshold(spec.slowCallRateThreshold())
                .slowCallDurationThreshold(Duration.ofMillis(spec.slowCallDurationMillis()))
                .minimumNumberOfCalls(spec.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(spec.slidingWindowSize())
                .waitDurationInOpenState(Duration.ofMillis(spec.waitDurationOpenMillis()))
                .permittedNumberOfCallsInHalfOpenState(spec.permittedCallsHalfOpen())
                .recordException(PlanFailures::unhealthy) // a 400 means the provider is up and the request was at fault
                .ignoreException(e -> e instanceof AttemptRefusedException) // the gateway's own refusal
                .build()));
    }

    /** Every breaker created so far, by target key (for the admin API and metrics). */
    public Map<String, CircuitBreaker> allBreakers() {
        Map<String, CircuitBreaker> all = new java.util.TreeMap<>();
        breakers.getAllCircuitBreakers().forEach(b -> all.put(b.getName(), b));
        return all;
    }

    public Optional<CircuitBreaker> breaker(String key) {
        return breakers.find(key);
    }

    public CircuitBreakerRegistry registry() {
        return breakers;
    }
}
