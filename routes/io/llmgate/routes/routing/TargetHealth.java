package io.llmgate.routes.routing;

import java.time.Clock;
import java.time.Duration;
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
 * breaker, requests in flight (least-busy) and a moving average of latency (latency balancing). Keyed by
 * {@link PlanNode.Target#healthKey()}.
 */
@Component
public class TargetHealth {

    /** Weight of the newest sample in the latency average. */
    static final double EWMA_ALPHA = 0.3;

    private final CircuitBreakerRegistry breakers;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    /** Running numbers for one target. */
    public static final class Stats {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile double latencyMillis = -1; // -1: no sample yet
        volatile long samples;

        public int inFlight() {
            return inFlight.get();
        }

        public double latencyMillis() {
            return latencyMillis;
        }

        synchronized void sample(double millis) {
            latencyMillis = latencyMillis < 0 ? millis : EWMA_ALPHA * millis + (1 - EWMA_ALPHA) * latencyMillis;
            samples++;
        }
    }

    /** @param clock time for the breakers' open-state waits; tests pass a clock they move forward */
    public TargetHealth(@Qualifier("routingClock") ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().clock(c).build());
        // resilience4j_circuitbreaker_state{name=<target>} and friends, for breakers created later too
        meters.ifAvailable(registry -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry));
    }

    public Stats stats(PlanNode.Target target) {
        return stats(target.healthKey());
    }

    public Stats stats(String key) {
        return stats.computeIfAbsent(key, k -> new Stats());
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
                .recordException(e -> true)
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
