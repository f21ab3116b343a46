package io.llmgate.routes.observability;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;

/**
 * Micrometer meters of the request path ({@code llmgate.*}), tagged by provider, model and status. Circuit breaker
 * state gauges come from Resilience4j's Micrometer binding, registered by the routing work.
 */
@Component
public class RequestMetrics {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    private static final String NONE = "none";

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(GatewayRequest request, RequestOutcome outcome, BigDecimal cost, boolean cacheHit) {
        String provider = tag(outcome.provider());
        String model = tag(outcome.model());
        String status = String.valueOf(outcome.status());
        Tags pm = Tags.of("provider", provider, "model", model);
        Counter.builder("llmgate.requests").description("Requests by provider, model and status")
                .tags(pm).tag("status", status).tag("stream", String.valueOf(outcome.streamed()))
                .register(registry).increment();
        Timer.builder("llmgate.request.latency").description("Time from receipt to the end of the response")
                .tags(pm).tag("status", status).publishPercentiles(PERCENTILES)
                .register(registry).record(outcome.totalNanos(), TimeUnit.NANOSECONDS);
        if (outcome.streamed() && outcome.firstByteNanos() >= 0) {
            Timer.builder("llmgate.request.ttft").description("Time to first token of streamed responses")
                    .tags(pm).publishPercentiles(PERCENTILES)
                    .register(registry).record(outcome.firstByteNanos(), TimeUnit.NANOSECONDS);
        }
        for (Attempt a : outcome.attempts()) {
            Tags at = Tags.of("provider", tag(a.provider()), "model", tag(a.model()));
            Timer.builder("llmgate.upstream.latency").description("Provider call time, per attempt")
                    .tags(at).tag("outcome", a.outcome().name()).publishPercentiles(PERCENTILES)
                    .register(registry).record(Math.max(0, a.latencyNanos()), TimeUnit.NANOSECONDS);
            switch (a.outcome()) {
                case FELL_BACK -> count("llmgate.fallbacks", "Attempts that failed and fell back to the next target",
                        at);
                case RETRIED -> count("llmgate.retries", "Attempts that failed and were retried", at);
                case CIRCUIT_OPEN -> count("llmgate.circuit.open", "Targets skipped because their circuit was open",
                        at);
                default -> { }
            }
        }
        if (outcome.usage().promptTokens() > 0) {
            tokens(pm, "input", outcome.usage().promptTokens());
        }
        if (outcome.usage().completionTokens() > 0) {
            tokens(pm, "output", outcome.usage().completionTokens());
        }
        if (outcome.usage().cachedTokens() > 0) {
            tokens(pm, "cached", outcome.usage().cachedTokens());
        }
        if (cost != null && cost.signum() > 0) {
            Counter.builder("llmgate.cost").description("Cost in USD from the price table").baseUnit("usd")
                    .tags(pm).register(registry).increment(cost.doubleValue());
        }
        if (outcome.error() != null) {
            Counter.builder("llmgate.errors").description("Failed requests by error type").tags(pm)
                    .tag("status", status).tag("type", tag(outcome.error().type()))
                    .register(registry).increment();
        }
        if (cacheHit) {
            count("llmgate.cache.hits", "Requests answered from the cache", pm);
        }
    }

    /** A request rejected before it was parsed (bad JSON, unknown path...): counted, without provider or model. */
    public void rejected(int status, long nanos) {
        Tags pm = Tags.of("provider", NONE, "model", NONE);
        Counter.builder("llmgate.requests").tags(pm).tag("status", String.valueOf(status)).tag("stream", "false")
                .register(registry).increment();
        Timer.builder("llmgate.request.latency").tags(pm).tag("status", String.valueOf(status))
                .publishPercentiles(PERCENTILES).register(registry).record(Duration.ofNanos(nanos));
        Counter.builder("llmgate.errors").tags(pm).tag("status", String.valueOf(status))
                .tag("type", status >= 500 ? "server_error" : "invalid_request_error")
                .register(registry).increment();
    }

    private void tokens(Tags pm, String type, long n) {
        Counter.builder("llmgate.tokens").description("Tokens by direction (input, output, cached input)")
                .tags(pm).tag("type", type).register(registry).increment(n);
    }

    private void count(String name, String description, Tags tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
