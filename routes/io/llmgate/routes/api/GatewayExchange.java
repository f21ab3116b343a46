package io.llmgate.routes.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.model.ratelimit.RateLimitEnforcer;

import org.apache.camel.Exchange;

/**
 * The gateway's state of one request, as typed fields in one object held by one exchange property, instead of
 * loose property keys owned by the processors that set them. Read it with {@link #of(Exchange)}.
 *
 * <p>Camel's circuit breakers and load balancers copy the exchange; the copies share this holder, so what a step
 * sets is seen by the whole request. Only one try of a target gets its own holder ({@link #forAttempt}), as its
 * target, body and headers are that try's.
 */
public final class GatewayExchange {

    private static final String PROPERTY = "llmgate.exchange";

    private volatile String requestId;
    private volatile String operation;
    private volatile GatewayRequest request;
    private volatile CallerIdentity caller;
    private volatile Map<String, String> upstreamHeaders;
    private volatile List<Attempt> attempts;
    private volatile Map<String, Object> responseHeaders;
    private volatile String configId;
    private volatile boolean cacheHit;
    private volatile String virtualKey;
    private volatile ObjectNode body;
    private volatile String optionPath;
    private volatile Long timeoutMillis;
    private volatile String clientProviderKey;
    private volatile boolean observed;
    private volatile ApiKeyRecord apiKey;
    private volatile String clientIp;
    private volatile UsageSubject usageSubject;
    private volatile RateLimitEnforcer.Admission admission;
    private volatile BudgetEnforcer.Reservation reservation;
    private List<CompletableFuture<?>> responseHolds; // guarded by this, see ResponseHolds

    private GatewayExchange() {
    }

    private GatewayExchange(GatewayExchange from) {
        requestId = from.requestId;
        operation = from.operation;
        request = from.request;
        caller = from.caller;
        upstreamHeaders = from.upstreamHeaders;
        attempts = from.attempts;
        responseHeaders = from.responseHeaders;
        configId = from.configId;
        cacheHit = from.cacheHit;
        virtualKey = from.virtualKey;
        body = from.body;
        optionPath = from.optionPath;
        timeoutMillis = from.timeoutMillis;
        clientProviderKey = from.clientProviderKey;
        observed = from.observed;
        apiKey = from.apiKey;
        clientIp = from.clientIp;
        usageSubject = from.usageSubject;
        admission = from.admission;
        reservation = from.reservation;
        responseHolds = from.responseHolds;
    }

    /** The state of the exchange's request, created empty on first use. */
    public static GatewayExchange of(Exchange exchange) {
        GatewayExchange state = exchange.getProperty(PROPERTY, GatewayExchange.class);
        if (state == null) {
            synchronized (exchange) {
                state = exchange.getProperty(PROPERTY, GatewayExchange.class);
                if (state == null) {
                    state = new GatewayExchange();
                    exchange.setProperty(PROPERTY, state);
                }
            }
        }
        return state;
    }

    /**
     * For {@code attempt}, a copy of {@code exchange} made for one try of a target: its own holder, starting from
     * the request's state, so the try's target, body and headers stay that try's (as a copied property would).
     */
    public static GatewayExchange forAttempt(Exchange exchange, Exchange attempt) {
        GatewayExchange state = new GatewayExchange(of(exchange));
        attempt.setProperty(PROPERTY, state);
        return state;
    }

    /** The request id, set before the body is parsed so errors carry it too. */
    public String requestId() {
        return requestId;
    }

    public GatewayExchange requestId(String id) {
        requestId = id;
        return this;
    }

    /** The operation the inbound route dispatches on: an {@link Endpoint} name, or HEALTH / MODELS. */
    public String operation() {
        return operation;
    }

    public GatewayExchange operation(String name) {
        operation = name;
        return this;
    }

    public GatewayRequest request() {
        return request;
    }

    public GatewayExchange request(GatewayRequest parsed) {
        request = parsed;
        return this;
    }

    /** Who is calling; {@link CallerIdentity#ANONYMOUS} until authentication says otherwise. */
    public CallerIdentity caller() {
        CallerIdentity c = caller;
        return c != null ? c : CallerIdentity.ANONYMOUS;
    }

    /** Who is calling, null when authentication has not run. */
    public CallerIdentity callerOrNull() {
        return caller;
    }

    public GatewayExchange caller(CallerIdentity identity) {
        caller = identity;
        return this;
    }

    /** Headers to add to every upstream call of this request (trace context, a team's tag...); may be null. */
    public Map<String, String> upstreamHeaders() {
        return upstreamHeaders;
    }

    public GatewayExchange upstreamHeaders(Map<String, String> headers) {
        upstreamHeaders = headers;
        return this;
    }

    /** The attempts made for the request, null before routing; a synchronized list. */
    public List<Attempt> attempts() {
        return attempts;
    }

    public GatewayExchange attempts(List<Attempt> list) {
        attempts = list;
        return this;
    }

    /** Headers the response gets (success or error), null when none were added. */
    public Map<String, Object> responseHeaders() {
        return responseHeaders;
    }

    public GatewayExchange responseHeaders(Map<String, Object> headers) {
        responseHeaders = headers;
        return this;
    }

    /** Id of the routing config that served the request. */
    public String configId() {
        return configId;
    }

    public GatewayExchange configId(String id) {
        configId = id;
        return this;
    }

    /** True when the answer came from the gateway's cache. */
    public boolean cacheHit() {
        return cacheHit;
    }

    public GatewayExchange cacheHit(boolean hit) {
        cacheHit = hit;
        return this;
    }

    /** Virtual key used by a routing config target (else the x-gateway-virtual-key header counts). */
    public String virtualKey() {
        return virtualKey;
    }

    public GatewayExchange virtualKey(String id) {
        virtualKey = id;
        return this;
    }

    /** The body sent to the provider: the request's, with the target's override_params; null before a try. */
    public ObjectNode body() {
        return body;
    }

    public GatewayExchange body(ObjectNode sent) {
        body = sent;
        return this;
    }

    /** Path of the config option being tried ("" when none). */
    public String optionPath() {
        String p = optionPath;
        return p != null ? p : "";
    }

    /** Path of the config option being tried, null when none. */
    public String optionPathOrNull() {
        return optionPath;
    }

    public GatewayExchange optionPath(String path) {
        optionPath = path;
        return this;
    }

    /** The try's request timeout, null for the provider's default. */
    public Long timeoutMillis() {
        return timeoutMillis;
    }

    public GatewayExchange timeoutMillis(Long millis) {
        timeoutMillis = millis;
        return this;
    }

    /**
     * The provider key the client sent in {@code Authorization}, used by targets that carry no key of their own;
     * null when it sent none (authentication strips {@code Authorization} when it held the gateway key).
     */
    public String clientProviderKey() {
        return clientProviderKey;
    }

    public GatewayExchange clientProviderKey(String key) {
        clientProviderKey = key;
        return this;
    }


    /** True once observability recorded the request's outcome (metrics, log, span). */
    public boolean observed() {
        return observed;
    }

    public GatewayExchange observed(boolean done) {
        observed = done;
        return this;
    }

    /** The authenticated gateway API key, null when authentication is off or failed. */
    public ApiKeyRecord apiKey() {
        return apiKey;
    }

    public GatewayExchange apiKey(ApiKeyRecord key) {
        apiKey = key;
        return this;
    }

    /** The client's address, for the audit trail. */
    public String clientIp() {
        return clientIp;
    }

    public GatewayExchange clientIp(String ip) {
        clientIp = ip;
        return this;
    }

    /** Whom the request's usage counts against (computed once by governance), null before. */
    public UsageSubject usageSubject() {
        return usageSubject;
    }

    public GatewayExchange usageSubject(UsageSubject subject) {
        usageSubject = subject;
        return this;
    }

    /** The rate-limit admission to settle when the request ends, null when none was taken. */
    public RateLimitEnforcer.Admission admission() {
        return admission;
    }

    public GatewayExchange admission(RateLimitEnforcer.Admission taken) {
        admission = taken;
        return this;
    }

    /** The budget reservation to settle when the request ends, null when none was taken. */
    public BudgetEnforcer.Reservation reservation() {
        return reservation;
    }

    public GatewayExchange reservation(BudgetEnforcer.Reservation held) {
        reservation = held;
        return this;
    }

    /** What the response waits for; read and written by {@link ResponseHolds} only, holding this object's lock. */
    List<CompletableFuture<?>> responseHolds() {
        return responseHolds;
    }

    void responseHolds(List<CompletableFuture<?>> holds) {
        responseHolds = holds;
    }
}
