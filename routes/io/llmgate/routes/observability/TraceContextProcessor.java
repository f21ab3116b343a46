package io.llmgate.routes.observability;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * First step of every request: accepts the caller's W3C {@code traceparent}, starts the request span, passes the
 * trace context on to the provider call ({@link GatewayExchange#upstreamHeaders()}) and names the trace in
 * the response ({@code x-gateway-trace-id}). Requests rejected before they were parsed never reach the request
 * listeners: their span is ended here, and they are counted and logged through {@link ObservabilityListener}.
 */
@Component
public class TraceContextProcessor implements Processor {

    /** Exchange property set once the request listeners have seen the request. */

    private static final TextMapGetter<Message> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message carrier) {
            return carrier.getHeaders().keySet();
        }

        @Override
        public String get(Message carrier, String key) {
            return carrier == null ? null : carrier.getHeader(key, String.class);
        }
    };

    private final GatewayTracer tracer;
    private final ObservabilityListener listener;
    private final Clock clock;

    public TraceContextProcessor(GatewayTracer tracer, ObservabilityListener listener, ObjectProvider<Clock> clock) {
        this.tracer = tracer;
        this.listener = listener;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        RequestSpan span = tracer.startRequest(exchange.getIn(), HEADERS, epochNanos(clock.instant()));
        exchange.setProperty(ObservedExchange.SPAN, span);
        exchange.setProperty(GatewayHeaders.TRACE_ID, span.traceId());
        Map<String, String> upstream = new HashMap<>();
        Map<String, String> existing = GatewayExchange.of(exchange).upstreamHeaders();
        if (existing != null) {
            upstream.putAll(existing);
        }
        tracer.inject(span, upstream);
        GatewayExchange.of(exchange).upstreamHeaders(upstream);
        long started = System.nanoTime();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (GatewayExchange.of(done).observed()
                        || done.getProperty(GatewayHeaders.RESULT_PROPERTY) instanceof UpstreamResult.Streaming) {
                    return;
                }
                int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
                long elapsed = System.nanoTime() - started;
                tracer.endUnparsed(span, status, span.startEpochNanos() + elapsed);
                if (status >= 400) {
                    listener.onRejected(done, status, elapsed); // health checks and model lists are not logged
                }
            }
        });
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
