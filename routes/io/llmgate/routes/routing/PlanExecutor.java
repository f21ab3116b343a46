package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.inbound.ResponseWriter;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.upstream.UpstreamCallProcessor;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * Runs a {@link RoutingPlan} for one request: conditional rules choose, load balancing orders, fallback moves on,
 * retries wait and try again, breakers skip unhealthy targets (and if every target is skipped, all are tried
 * anyway). Each try is a copy of the exchange sent through the {@code direct:attempt} route, so integration
 * teams can add steps there. Nothing blocks a thread: attempts and backoff waits complete asynchronously.
 */
@Component
public class PlanExecutor extends AsyncProcessorSupport implements DisposableBean {

    public static final String ATTEMPT_ENDPOINT = "direct:attempt";
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    private final CamelContext camel;
    private final TargetHealth health;
    private final TargetOrder order;
    private final ObjectProvider<VirtualKeyResolver> virtualKeys;
    private final Backoff backoff;
    private final ObjectProvider<AttemptGate> gates;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retry-backoff");
        t.setDaemon(true);
        return t;
    }); // only retries schedule here, and they are never cancelled
    private volatile AsyncProducer attempts;

    public PlanExecutor(CamelContext camel, TargetHealth health, TargetOrder order,
                        ObjectProvider<VirtualKeyResolver> virtualKeys, GatewayProperties properties,
                        ObjectProvider<AttemptGate> gates) {
        this.camel = camel;
        this.gates = gates;
        this.health = health;
        this.order = order;
        this.virtualKeys = virtualKeys;
        GatewayProperties.Routing r = properties.getRouting();
        this.backoff = new Backoff(r.getRetryBaseDelay(), r.getRetryMaxDelay(), r.getMaxRetryAfter());
    }

    /** State of one request's routing. */
    private static final class Run {
        final Exchange exchange;
        final RoutingPlan plan;
        final GatewayRequest request;
        final CallerIdentity caller;
        final String fallbackKey;
        boolean skippedOpen;
        PlanNode.Target lastTarget;
        int retriesOnLast;

        Run(Exchange exchange, RoutingPlan plan, String fallbackKey) {
            this.exchange = exchange;
            this.plan = plan;
            this.request = exchange.getProperty(GatewayHeaders.REQUEST_PROPERTY, GatewayRequest.class);
            this.caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.ANONYMOUS, CallerIdentity.class);
            this.fallbackKey = fallbackKey;
        }
    }

    /** A successful try: its exchange holds the result. */
    private record Success(Exchange attempt, PlanNode.Target target) {
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingPlan plan = exchange.getProperty(RoutingPlan.PROPERTY, RoutingPlan.class);
        if (exchange.getProperty(GatewayHeaders.ATTEMPTS_PROPERTY) == null) {
            exchange.setProperty(GatewayHeaders.ATTEMPTS_PROPERTY, Collections.synchronizedList(new ArrayList<>()));
        }
        Run run = new Run(exchange, plan, exchange.getProperty(PlanResolver.CLIENT_PROVIDER_KEY, String.class));
        run(plan.root(), run, false)
                .exceptionallyCompose(e -> run.skippedOpen && unwrap(e) instanceof CircuitOpenException
                        ? run(plan.root(), run, true) // every target was open: try them anyway
                        : CompletableFuture.failedFuture(e))
                .whenComplete((success, failure) -> {
                    try {
                        finish(run, success, failure);
                    } finally {
                        callback.done(false);
                    }
                });
        return false;
    }

    private void finish(Run run, Success success, Throwable failure) {
        Exchange exchange = run.exchange;
        Map<String, Object> headers = responseHeaders(exchange);
        if (run.lastTarget != null) {
            headers.put(GatewayHeaders.LAST_USED_OPTION_INDEX, run.lastTarget.path());
            headers.put(GatewayHeaders.RETRY_ATTEMPT_COUNT, run.retriesOnLast);
        }
        if (failure != null) {
            exchange.setException(unwrap(failure));
            return;
        }
        Exchange attempt = success.attempt();
        exchange.setProperty(GatewayHeaders.RESULT_PROPERTY, attempt.getProperty(GatewayHeaders.RESULT_PROPERTY));
        exchange.setProperty(GatewayHeaders.TARGET_PROPERTY, attempt.getProperty(GatewayHeaders.TARGET_PROPERTY));
        exchange.setProperty(UpstreamCallProcessor.BODY_PROPERTY, attempt.getProperty(UpstreamCallProcessor.BODY_PROPERTY));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responseHeaders(Exchange exchange) {
        Map<String, Object> headers = exchange.getProperty(ResponseWriter.RESPONSE_HEADERS, Map.class);
        if (headers == null) {
            headers = new LinkedHashMap<>();
            exchange.setProperty(ResponseWriter.RESPONSE_HEADERS, headers);
        }
        return headers;
    }

    private CompletableFuture<Success> run(PlanNode node, Run run, boolean ignoreBreakers) {
        if (node instanceof PlanNode.Target target) {
            return attempt(target, run, ignoreBreakers, 0);
        }
        PlanNode.Strategy strategy = (PlanNode.Strategy) node;
        return switch (strategy.mode()) {
            case SINGLE -> run(strategy.children().get(0), run, ignoreBreakers);
            case FALLBACK -> fallback(strategy, 0, run, ignoreBreakers);
            case LOADBALANCE -> firstAvailable(order.order(run.plan, strategy), 0, run, ignoreBreakers);
            case CONDITIONAL -> run(choose(strategy, run.request), run, ignoreBreakers);
        };
    }

    private CompletableFuture<Success> fallback(PlanNode.Strategy strategy, int index, Run run, boolean ignore) {
        return run(strategy.children().get(index), run, ignore).exceptionallyCompose(e -> {
            GatewayException error = unwrap(e);
            if (index + 1 < strategy.children().size() && fallsBack(error, strategy)) {
                markLast(run, Attempt.Outcome.FELL_BACK);
                return fallback(strategy, index + 1, run, ignore);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    /** Load balancing: the chosen target, or the next one when its breaker is open. */
    private CompletableFuture<Success> firstAvailable(List<PlanNode> ordered, int index, Run run, boolean ignore) {
        return run(ordered.get(index), run, ignore).exceptionallyCompose(e -> {
            GatewayException error = unwrap(e);
            if (error instanceof CircuitOpenException && index + 1 < ordered.size()) {
                return firstAvailable(ordered, index + 1, run, ignore);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    private static PlanNode choose(PlanNode.Strategy strategy, GatewayRequest request) {
        String name = strategy.defaultTarget();
        for (PlanNode.Rule rule : strategy.conditions()) {
            if (rule.condition().test(request)) {
                name = rule.then();
                break;
            }
        }
        if (name == null) {
            throw new GatewayException(400, "invalid_request_error", "no_matching_target", null,
                    "no conditional rule matched the request and the config has no default target", null, null, null);
        }
        for (PlanNode child : strategy.children()) {
            if (name.equals(child.name())) {
                return child;
            }
        }
        throw new IllegalStateException("validated config names a missing target " + name);
    }

    /** Default: 429, any 5xx, timeouts and connection failures; a config's on_status_codes replaces that list. */
    private static boolean fallsBack(GatewayException error, PlanNode.Strategy strategy) {
        if (error instanceof CircuitOpenException) {
            return true;
        }
        if (strategy.onStatusCodes() != null) {
            return strategy.onStatusCodes().contains(error.status());
        }
        if (error instanceof UpstreamException u && u.kind() != UpstreamException.Kind.HTTP_ERROR) {
            return true;
        }
        return error.status() == 429 || error.status() >= 500;
    }

    private CompletableFuture<Success> attempt(PlanNode.Target target, Run run, boolean ignoreBreakers, int retry) {
        run.lastTarget = target;
        run.retriesOnLast = retry;
        Optional<CircuitBreaker> breaker = health.breaker(target);
        boolean permitted = breaker.isEmpty() || ignoreBreakers || breaker.get().tryAcquirePermission();
        if (!permitted) {
            run.skippedOpen = true;
            CircuitOpenException open = new CircuitOpenException(target);
            UpstreamCallProcessor.record(run.exchange, new Attempt(0, target.path(), target.provider(),
                    null, open.status(), Attempt.Outcome.CIRCUIT_OPEN, open.type(), open.getMessage(), 0));
            return CompletableFuture.failedFuture(open);
        }
        boolean holdsPermission = breaker.isPresent() && !ignoreBreakers;
        Exchange copy;
        try {
            gates.orderedStream().forEach(g -> g.before(run.exchange, target));
            copy = prepare(target, run);
        } catch (RuntimeException e) {
            breaker.filter(b -> holdsPermission).ifPresent(CircuitBreaker::releasePermission);
            gates.orderedStream().forEach(g -> g.failed(run.exchange, target));
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Success> result = new CompletableFuture<>();
        TargetHealth.Stats stats = health.stats(target);
        stats.inFlight.incrementAndGet();
        long started = System.nanoTime();
        attemptProducer().process(copy, doneSync -> {
            stats.inFlight.decrementAndGet();
            long elapsed = System.nanoTime() - started;
            Object value = copy.getProperty(GatewayHeaders.RESULT_PROPERTY);
            Throwable failure = copy.getException();
            if (failure == null && value instanceof UpstreamResult ok) {
                long firstByte = ok.firstByteNanos();
                breaker.filter(b -> holdsPermission).ifPresent(b -> b.onSuccess(firstByte, TimeUnit.NANOSECONDS));
                stats.success(firstByte / 1e6);
                result.complete(new Success(copy, target));
                return;
            }
            GatewayException error = failure == null
                    ? new GatewayException(500, "server_error", "no_result", "the attempt produced no result")
                    : unwrap(failure);
            gates.orderedStream().forEach(g -> g.failed(run.exchange, target));
            boolean unhealthy = error.status() == 429 || error.status() >= 500 || error.status() == 408;
            breaker.filter(b -> holdsPermission).ifPresent(b -> {
                if (unhealthy) {
                    b.onError(elapsed, TimeUnit.NANOSECONDS, error);
                } else {
                    b.onSuccess(elapsed, TimeUnit.NANOSECONDS); // the provider is up; the request was at fault
                }
            });
            if (unhealthy) {
                stats.failure(); // not a latency sample: a fast failure must not look like a fast target
            }
            PlanNode.Retry policy = target.retry();
            if (retry < policy.attempts() && policy.onStatusCodes().contains(error.status())) {
                markLast(run, Attempt.Outcome.RETRIED);
                long delay = backoff.delayMillis(retry + 1, error, policy.useRetryAfterHeader());
                timer.schedule(() -> attempt(target, run, ignoreBreakers, retry + 1).whenComplete((s, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(s);
                    }
                }), delay, TimeUnit.MILLISECONDS);
                return;
            }
            result.completeExceptionally(error);
        });
        return result;
    }

    /** The exchange for one try: the target, the body with override_params, timeout and forwarded headers. */
    private Exchange prepare(PlanNode.Target target, Run run) {
        Exchange copy = run.exchange.copy();
        copy.setException(null);
        ProviderTarget provider = providerTarget(target, run);
        ObjectNode body = run.request.body();
        if (target.overrideParams() != null && !target.overrideParams().isEmpty()) {
            body = body.deepCopy();
            body.setAll(target.overrideParams().deepCopy());
        }
        copy.setProperty(GatewayHeaders.TARGET_PROPERTY, provider);
        copy.setProperty(UpstreamCallProcessor.BODY_PROPERTY, body);
        copy.setProperty(UpstreamCallProcessor.OPTION_PATH_PROPERTY, target.path());
        copy.setProperty(GatewayHeaders.RESULT_PROPERTY, null);
        if (target.requestTimeoutMillis() != null) {
            copy.setProperty(UpstreamCallProcessor.TIMEOUT_PROPERTY, target.requestTimeoutMillis());
        }
        copy.getMessage().setBody(body);
        return copy;
    }

    private ProviderTarget providerTarget(PlanNode.Target target, Run run) {
        Map<String, String> forwarded = new HashMap<>();
        for (String name : target.forwardHeaders()) {
            String value = run.request.headers().get(name);
            if (value != null) {
                forwarded.put(name, value);
            }
        }
        if (target.virtualKey() != null) {
            VirtualKeyResolver resolver = virtualKeys.getIfAvailable();
            if (resolver == null) {
                throw GatewayException.invalidRequest("virtual keys are not available in this gateway",
                        target.path() + ".virtual_key");
            }
            ProviderTarget base = resolver.resolve(target.virtualKey(), run.caller);
            Map<String, String> settings = new HashMap<>(base.settings());
            settings.putAll(target.settings());
            Map<String, String> headers = new HashMap<>(base.extraHeaders());
            headers.putAll(forwarded);
            return new ProviderTarget(target.provider() != null ? target.provider() : base.provider(), base.apiKey(),
                    target.customHost() != null ? target.customHost() : base.baseUrl(), settings, headers);
        }
        String key = target.apiKey() != null ? target.apiKey() : run.fallbackKey;
        return new ProviderTarget(target.provider(), key, target.customHost(), target.settings(), forwarded);
    }

    @SuppressWarnings("unchecked")
    private static void markLast(Run run, Attempt.Outcome outcome) {
        List<Attempt> attempts = run.exchange.getProperty(GatewayHeaders.ATTEMPTS_PROPERTY, List.class);
        if (attempts == null) {
            return;
        }
        synchronized (attempts) {
            if (attempts.isEmpty()) {
                return;
            }
            int last = attempts.size() - 1;
            Attempt a = attempts.get(last);
            if (a.outcome() == Attempt.Outcome.FAILED) {
                attempts.set(last, new Attempt(a.index(), a.optionPath(), a.provider(), a.model(), a.status(),
                        outcome, a.errorType(), a.errorMessage(), a.latencyNanos()));
            }
        }
    }

    static GatewayException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayException g) {
            return g;
        }
        LOG.error("routing failed unexpectedly", t);
        return new GatewayException(500, "server_error", "internal_error", null,
                "routing failed unexpectedly; see the gateway log", null, null, t);
    }

    private AsyncProducer attemptProducer() {
        AsyncProducer p = attempts;
        if (p == null) {
            synchronized (this) {
                if (attempts == null) {
                    try {
                        AsyncProducer created = camel.getEndpoint(ATTEMPT_ENDPOINT).createAsyncProducer();
                        ServiceHelper.startService(created);
                        attempts = created;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot reach " + ATTEMPT_ENDPOINT, e);
                    }
                }
                p = attempts;
            }
        }
        return p;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        ServiceHelper.stopService(attempts);
    }
}
