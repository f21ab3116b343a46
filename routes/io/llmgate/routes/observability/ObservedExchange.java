package io.llmgate.routes.observability;

/** Exchange properties observability sets itself (what other steps set is in {@code GatewayExchange}). */
public final class ObservedExchange {

    /** {@link RequestSpan}: the gateway request's span, set by {@link TraceContextProcessor}. */
    public static final String SPAN = "llmgate.span";

    private ObservedExchange() {
    }
}
