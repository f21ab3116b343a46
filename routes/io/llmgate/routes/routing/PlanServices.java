package io.llmgate.routes.routing;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;

/**
 * What the routes of every compiled plan share: target health and breakers, the attempt gates, virtual keys, the
 * {@code direct:attempt} producer, backoff, and the injected randomness (tests pass their own, so weights,
 * jitter and latency averages are checked without statistics or sleeping).
 */
@Component
public class PlanServices implements DisposableBean {

    public static final String ATTEMPT_ENDPOINT = "direct:attempt";

    private final CamelContext camel;
    private final TargetHealth health;
    private final TargetOrder order;
    private final ObjectProvider<VirtualKeyResolver> virtualKeys;
    private final ObjectProvider<AttemptGate> gates;
    private final Backoff backoff;
    /** Plans with circuit breakers run on virtual threads: the breaker waits for the call, and must not hold a pool. */
    private final ExecutorService breakerThreads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("plan-", 0).factory());
    private final AtomicReference<AsyncProducer> attempts = new AtomicReference<>();
    private final AtomicReference<AsyncProducer> headers = new AtomicReference<>();

    public PlanServices(CamelContext camel, TargetHealth health, TargetOrder order,
                        ObjectProvider<VirtualKeyResolver> virtualKeys, ObjectProvider<AttemptGate> gates,
                        GatewayProperties properties,
                        @Qualifier("routingRandom") ObjectProvider<RandomGenerator> random) {
        this.camel = camel;
        this.health = health;
        this.order = order;
        this.virtualKeys = virtualKeys;
        this.gates = gates;
        GatewayProperties.Routing r = properties.getRouting();
        this.backoff = new Backoff(r.getRetryBaseDelay(), r.getRetryMaxDelay(), r.getMaxRetryAfter(),
                random.getIfAvailable(TargetOrder::threadLocalRandom));
    }

    TargetHealth health() {
        return health;
    }

    TargetOrder order() {
        return order;
    }

    VirtualKeyResolver virtualKeys() {
        return virtualKeys.getIfAvailable();
    }

    List<AttemptGate> gates() {
        return gates.orderedStream().toList();
    }

    Backoff backoff() {
        return backoff;
    }

    ExecutorService breakerThreads() {
        return breakerThreads;
    }

    AsyncProducer attempts() {
        return once(attempts, ATTEMPT_ENDPOINT);
    }

    /** The producer into the shared route of requests routed by headers alone. */
    AsyncProducer headers() {
        return once(headers, "direct:" + PlanRoutes.HEADERS_ROUTE);
    }

    /** A started producer into an endpoint of this context. */
    AsyncProducer startProducer(String uri) {
        try {
            AsyncProducer producer = camel.getEndpoint(uri).createAsyncProducer();
            ServiceHelper.startService(producer);
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach " + uri, e);
        }
    }

    /** Made on first use: the routes behind these endpoints start after this bean. */
    private AsyncProducer once(AtomicReference<AsyncProducer> holder, String uri) {
        AsyncProducer p = holder.get();
        if (p == null) {
            synchronized (holder) {
                p = holder.get();
                if (p == null) {
                    p = startProducer(uri);
                    holder.set(p);
                }
            }
        }
        return p;
    }

    @Override
    public void destroy() {
        breakerThreads.shutdownNow();
        ServiceHelper.stopService(attempts.get(), headers.get());
    }
}
