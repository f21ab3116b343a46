package io.llmgate.routes.observability;

/** Exchange properties that observability reads (set by other steps) or sets itself. */
public final class ObservedExchange {

    /** String: id of the routing config that served the request (set by routing). */
    public static final String CONFIG_ID = "llmgate.configId";
    /** Boolean: true when the answer came from the gateway's cache (set by the cache). */
    public static final String CACHE_HIT = "llmgate.cacheHit";
    /** String: virtual key used by a routing config target (else the x-gateway-virtual-key header counts). */
    public static final String VIRTUAL_KEY = "llmgate.virtualKey";
    /** {@link RequestSpan}: the gateway request's span, set by {@link TraceContextProcessor}. */
    public static final String SPAN = "llmgate.span";

    private ObservedExchange() {
    }
}
