package io.llmgate.routes.observability;

import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.api.trace.Span;

/** The gateway request's span and when it started; ended once, by whoever sees the request end first. */
public final class RequestSpan {

    private final Span span;
    private final long startEpochNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    RequestSpan(Span span, long startEpochNanos) {
        this.span = span;
        this.startEpochNanos = startEpochNanos;
    }

    public Span span() {
        return span;
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    long startEpochNanos() {
        return startEpochNanos;
    }

    /** True for the one caller that may end the span. */
    boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }
}
