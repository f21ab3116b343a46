package io.llmgate.routes.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

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

/**
 * Runs a request's routing config as Camel routes: each config version (named, or inline by the hash of its text)
 * is compiled by {@link PlanRouteBuilder} the first time a request uses it and kept, bounded and evicted when unused;
 * a new version gets new routes, so requests already on the old ones finish there. Requests routed by headers alone
 * (one target, no config) share one route.
 */
@Component
public class PlanRoutes extends AsyncProcessorSupport implements DisposableBean {

    /** The route of requests routed by {@code x-gateway-provider} / {@code x-gateway-virtual-key} alone. */
    public static final String HEADERS_ROUTE = "plan-headers";
    private static final Logger LOG = LoggerFactory.getLogger(PlanRoutes.class);
    /** An evicted config's routes stay this long, for a request that picked them just before. */
    private static final long REMOVAL_DELAY_SECONDS = 60;

    private final CamelContext camel;
    private final PlanServices services;
    private final ObjectProvider<TargetRouteCustomizer> customizers;
    private final Cache<String, Compiled> compiled;
    private final ScheduledExecutorService removals;

    /** One compiled config version: the producer into its first route, and every route id it added. */
    record Compiled(String entry, List<String> routeIds, List<String> beans, AsyncProducer producer) {
    }

    public PlanRoutes(CamelContext camel, PlanServices services, ObjectProvider<TargetRouteCustomizer> customizers,
                      GatewayProperties properties, ObjectProvider<Ticker> ticker) {
        this.camel = camel;
        this.services = services;
        this.customizers = customizers;
        this.removals = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "plan-removal");
        GatewayProperties.Routing r = properties.getRouting();
        this.compiled = Caffeine.newBuilder()
                .maximumSize(r.getMaxCompiledConfigs())
                .expireAfterAccess(r.getCompiledConfigIdle())
                .ticker(ticker.getIfAvailable(Ticker::systemTicker))
                .<String, Compiled>removalListener((key, value, cause) -> scheduleRemoval(key, value, cause))
                .build();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingPlan plan = exchange.getProperty(RoutingPlan.PROPERTY, RoutingPlan.class);
        AsyncProducer producer;
        try {
            producer = "headers".equals(plan.id()) ? services.headers() : compiled(plan).producer();
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        RoutingRun.start(exchange);
        return producer.process(exchange, doneSync -> {
            RoutingRun.of(exchange).finish(exchange);
            // the targets' redelivery marks a failure exhausted; the gateway route's error handling must still see it
            PlanFailures.forgetErrorHandling(exchange);
            callback.done(doneSync);
        });
    }

    /** The compiled routes of a plan, compiling them on first use. */
    Compiled compiled(RoutingPlan plan) {
        return compiled.get(prefix(plan), prefix -> compile(prefix, plan));
    }

    /** Route ids of the configs compiled now (for tests and the console). */
    public List<String> routeIds(RoutingPlan plan) {
        Compiled c = compiled.getIfPresent(prefix(plan));
        return c == null ? List.of() : c.routeIds();
    }

    /** {@code plan-<config>-v<version>}, or {@code plan-inline-<hash>} for a config sent in the request. */
    static String prefix(RoutingPlan plan) {
        return "plan-" + plan.id().replaceAll("[^A-Za-z0-9_-]", "_") + (plan.version() > 0 ? "-v" + plan.version() : "");
    }

    /** A short stable name for an inline config's text (64 bits of SHA-256: distinct configs don't share routes). */
    public static String inlineId(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "inline-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    private Compiled compile(String prefix, RoutingPlan plan) {
        PlanRouteBuilder builder = new PlanRouteBuilder(plan, prefix, services, customizers.orderedStream().toList());
        try {
            camel.addRoutes(builder);
            AsyncProducer producer = services.startProducer(builder.entry());
            LOG.debug("compiled routing config {} v{} into routes {}", plan.id(), plan.version(), builder.routeIds());
            return new Compiled(builder.entry(), List.copyOf(builder.routeIds()), List.copyOf(builder.beans()),
                    producer);
        } catch (Exception e) {
            throw new IllegalStateException("cannot compile routing config " + plan.id() + " into routes", e);
        }
    }

    private void scheduleRemoval(String prefix, Compiled routes, RemovalCause cause) {
        if (routes == null || camel.isStopping() || camel.isStopped()) {
            return;
        }
        LOG.debug("routes of {} evicted ({}), removed in {} s", prefix, cause, REMOVAL_DELAY_SECONDS);
        removals.schedule(() -> remove(routes), REMOVAL_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    private void remove(Compiled routes) {
        ServiceHelper.stopService(routes.producer());
        for (String id : routes.routeIds()) {
            try {
                // graceful: waits for exchanges still in the route
                camel.getRouteController().stopRoute(id, 30, TimeUnit.SECONDS);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("could not remove route {}: {}", id, e.toString());
            }
        }
        routes.beans().forEach(name -> camel.getRegistry().unbind(name));
    }

    @Override
    public void destroy() {
        camel.getExecutorServiceManager().shutdownNow(removals);
    }
}
