package io.llmgate.routes.observability;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.model.logs.LogBodies;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.RequestLogWriter;
import io.llmgate.model.pricing.PricingService;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestListener;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.inbound.ErrorBodies;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * Records every finished request three ways: a log entry queued for the writer, Micrometer meters, and the trace's
 * spans. Runs on the request's (or the stream's) thread, so it only computes and hands off: no I/O here.
 */
@Component
public class ObservabilityListener implements RequestListener {

    private final LogEntryFactory entries;
    private final RequestLogWriter writer;
    private final RequestMetrics metrics;
    private final GatewayTracer tracer;
    private final PricingService pricing;
    private final LogProperties logProperties;
    private final boolean bodies;
    private final Clock clock;

    public ObservabilityListener(LogEntryFactory entries, RequestLogWriter writer, RequestMetrics metrics,
                                 GatewayTracer tracer, PricingService pricing, LogProperties properties,
                                 LogBodies bodies, ObjectProvider<Clock> clock) {
        this.entries = entries;
        this.writer = writer;
        this.metrics = metrics;
        this.tracer = tracer;
        this.pricing = pricing;
        this.logProperties = properties;
        this.bodies = bodies.enabled();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public void onComplete(Exchange exchange, GatewayRequest request, RequestOutcome outcome) {
        GatewayExchange.of(exchange).observed(true);
        CallerIdentity caller = GatewayExchange.of(exchange).caller();
        String configId = GatewayExchange.of(exchange).configId();
        boolean cacheHit = GatewayExchange.of(exchange).cacheHit();
        Usage usage = outcome.usage() == null ? Usage.NONE : outcome.usage();
        BigDecimal cost = cacheHit ? BigDecimal.ZERO.setScale(10) : pricing.cost(outcome.provider(), outcome.model(),
                usage.promptTokens(), usage.completionTokens(), usage.cachedTokens());
        RequestSpan span = exchange.getProperty(ObservedExchange.SPAN, RequestSpan.class);

        metrics.record(request, outcome, cost, cacheHit);
        if (span != null) {
            tracer.endRequest(span, request, outcome, caller, configId, cacheHit, cost);
        }
        if (logProperties.isEnabled()) {
            String virtualKey = GatewayExchange.of(exchange).virtualKey();
            if (virtualKey == null) {
                virtualKey = request.header(GatewayHeaders.VIRTUAL_KEY);
            }
            Instant createdAt = clock.instant().minusNanos(outcome.totalNanos());
            String traceId = span != null ? span.traceId()
                    : exchange.getProperty(GatewayHeaders.TRACE_ID, String.class);
            writer.offer(entries.create(request, outcome, new LogEntryFactory.Facts(createdAt, traceId, caller,
                    virtualKey, configId, cacheHit, cost, bodies ? request.body() : null,
                    bodies ? responseBody(exchange, outcome) : null)));
        }
    }

    /**
     * A request refused before it was parsed never reaches the listeners; {@link TraceContextProcessor} reports it
     * here so it is counted and logged too.
     */
    public void onRejected(Exchange exchange, int status, long totalNanos) {
        metrics.rejected(status, totalNanos);
        if (!logProperties.isEnabled()) {
            return;
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestSpan span = exchange.getProperty(ObservedExchange.SPAN, RequestSpan.class);
        CallerIdentity caller = GatewayExchange.of(exchange).caller();
        LogEntryFactory.Facts facts = new LogEntryFactory.Facts(clock.instant().minusNanos(totalNanos),
                span == null ? null : span.traceId(), caller, null, null, false, null, null, null);
        writer.offer(entries.rejected(GatewayExchange.of(exchange).requestId(), status,
                cause instanceof GatewayException g ? g : null, totalNanos, facts));
    }

    private static JsonNode responseBody(Exchange exchange, RequestOutcome outcome) {
        if (outcome.error() != null) {
            return ErrorBodies.of(outcome.error());
        }
        Object result = exchange.getProperty(GatewayHeaders.RESULT_PROPERTY);
        // a stream's chunks are not kept: its response body is not logged
        return result instanceof UpstreamResult.Completed c ? c.body() : null;
    }
}
