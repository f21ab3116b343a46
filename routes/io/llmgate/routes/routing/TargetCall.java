package io.llmgate.routes.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * One try of one target: the target's copy of the request (its provider, key, host, override_params, timeout and
 * forwarded headers) sent through {@code direct:attempt}, where integration teams' steps and the upstream call run.
 * A failure stays on the exchange for the route around it: the circuit breaker records it, the target's error
 * handler retries it, the fallback balancer moves on.
 */
final class TargetCall extends AsyncProcessorSupport {

    private final Function<Exchange, PlanNode.Target> target;
    private final PlanServices services;

    /** @param target the target to call: fixed for a compiled config, read from the request for header plans */
    TargetCall(Function<Exchange, PlanNode.Target> target, PlanServices services) {
        this.target = target;
        this.services = services;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        PlanNode.Target t = target.apply(exchange);
        RoutingRun run = RoutingRun.of(exchange);
        run.tried(t, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        Exchange copy;
        try {
            services.gates().forEach(g -> g.before(exchange, t));
            copy = prepare(t, exchange);
        } catch (GatewayException e) {
            services.gates().forEach(g -> g.failed(exchange, t));
            exchange.setException(new AttemptRefusedException(e));
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            services.gates().forEach(g -> g.failed(exchange, t));
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        TargetHealth.Stats stats = services.health().stats(t);
        stats.inFlight.incrementAndGet();
        AsyncProcessor attempts = services.attempts();
        return attempts.process(copy, doneSync -> {
            stats.inFlight.decrementAndGet();
            Object value = copy.getProperty(GatewayHeaders.RESULT_PROPERTY);
            Throwable failure = copy.getException();
            if (failure == null && value instanceof UpstreamResult ok) {
                stats.success(ok.firstByteNanos() / 1e6);
                exchange.setProperty(GatewayHeaders.RESULT_PROPERTY, value);
                exchange.setProperty(GatewayHeaders.TARGET_PROPERTY, copy.getProperty(GatewayHeaders.TARGET_PROPERTY));
                GatewayExchange.of(exchange).body(GatewayExchange.of(copy).body());
            } else {
                GatewayException error = failure == null
                        ? new GatewayException(500, "server_error", "no_result", "the attempt produced no result")
                        : PlanFailures.unwrap(failure);
                services.gates().forEach(g -> g.failed(exchange, t));
                if (PlanFailures.unhealthy(error)) {
                    stats.failure(); // not a latency sample: a fast failure must not look like a fast target
                }
                retryDelay(exchange, t, error, services.backoff());
                exchange.setException(error);
            }
            callback.done(doneSync);
        });
    }

    /**
     * When the target's retry policy will try again after this failure, how long its redelivery waits: the backoff
     * for this retry, or the provider's Retry-After when the config says so (Camel's error handler reads the header).
     */
    static void retryDelay(Exchange exchange, PlanNode.Target target, GatewayException error, Backoff backoff) {
        PlanNode.Retry policy = target.retry();
        if (policy.attempts() > 0 && PlanFailures.retried(error, policy)) {
            int retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY,
                    backoff.delayMillis(retry, error, policy.useRetryAfterHeader()));
        }
    }

    /** The exchange for one try: the target, the body with override_params, timeout and forwarded headers. */
    private Exchange prepare(PlanNode.Target target, Exchange exchange) {
        GatewayRequest request = GatewayExchange.of(exchange).request();
        Exchange copy = exchange.copy();
        copy.setException(null);
        ObjectNode body = request.body();
        if (target.overrideParams() != null && !target.overrideParams().isEmpty()) {
            body = body.deepCopy();
            body.setAll(target.overrideParams().deepCopy());
        }
        copy.setProperty(GatewayHeaders.TARGET_PROPERTY, providerTarget(target, exchange, request));
        copy.setProperty(GatewayHeaders.RESULT_PROPERTY, null);
        GatewayExchange attempt = GatewayExchange.forAttempt(exchange, copy).body(body).optionPath(target.path());
        if (target.requestTimeoutMillis() != null) {
            attempt.timeoutMillis(target.requestTimeoutMillis());
        }
        copy.getMessage().removeHeaders("CamelRedelivery*");
        copy.getMessage().setBody(body);
        return copy;
    }

    private ProviderTarget providerTarget(PlanNode.Target target, Exchange exchange, GatewayRequest request) {
        CallerIdentity caller = GatewayExchange.of(exchange).caller();
        Map<String, String> forwarded = new HashMap<>();
        for (String name : target.forwardHeaders()) {
            String value = request.headers().get(name);
            if (value != null) {
                forwarded.put(name, value);
            }
        }
        if (target.virtualKey() != null) {
            VirtualKeyResolver resolver = services.virtualKeys();
            if (resolver == null) {
                throw GatewayException.invalidRequest("virtual keys are not available in this gateway",
                        target.path() + ".virtual_key");
            }
            ProviderTarget base = resolver.resolve(target.virtualKey(), caller);
            Map<String, String> settings = new HashMap<>(base.settings());
            settings.putAll(target.settings());
            Map<String, String> headers = new HashMap<>(base.extraHeaders());
            headers.putAll(forwarded);
            return new ProviderTarget(target.provider() != null ? target.provider() : base.provider(), base.apiKey(),
                    target.customHost() != null ? target.customHost() : base.baseUrl(), settings, headers);
        }
        String key = target.apiKey() != null ? target.apiKey()
                : GatewayExchange.of(exchange).clientProviderKey();
        return new ProviderTarget(target.provider(), key, target.customHost(), target.settings(), forwarded);
    }
}
