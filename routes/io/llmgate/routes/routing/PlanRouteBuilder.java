package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.RouteDefinition;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.upstream.UpstreamCallProcessor;

/**
 * The routes one routing config version becomes: a route per node of the config, named after the config, its
 * version and the node's place in it ({@code plan-cfg-support-v3}, {@code plan-cfg-support-v3-root}, {@code plan-cfg-support-v3-t0},
 * {@code plan-cfg-support-v3-t0-1}, ...). Conditional is Camel's content-based router, fallback and loadbalance are
 * load balancers, a target with a {@code circuit_breaker} runs inside Camel's Circuit Breaker EIP on its shared
 * Resilience4j breaker, and a target's retries are its route's redelivery policy.
 */
final class PlanRouteBuilder extends RouteBuilder {

    private final RoutingPlan plan;
    private final String prefix;
    private final PlanServices services;
    private final List<TargetRouteCustomizer> customizers;
    private final List<String> routeIds = new ArrayList<>();
    private final List<String> beans = new ArrayList<>();
    private String entry;
    /** Node → endpoint: two conditional rules naming the same target share its route. */
    private final java.util.Map<PlanNode, String> endpoints = new java.util.IdentityHashMap<>();

    PlanRouteBuilder(RoutingPlan plan, String prefix, PlanServices services, List<TargetRouteCustomizer> customizers) {
        this.plan = plan;
        this.prefix = prefix;
        this.services = services;
        this.customizers = customizers;
    }

    /** The endpoint that runs the whole plan (known once the routes are configured). */
    String entry() {
        return entry;
    }

    List<String> routeIds() {
        return routeIds;
    }

    /** Registry beans made for these routes only (removed with them). */
    List<String> beans() {
        return beans;
    }

    @Override
    public void configure() {
        String top = node(plan.root());
        if (!hasBreaker(plan.root())) {
            entry = top; // nothing to bypass and nothing that waits: requests go straight to the top node
            return;
        }
        entry = "direct:" + prefix;
        routeIds.add(0, prefix);
        from(entry).routeId(prefix).errorHandler(noErrorHandler())
            // a breaker waits for its call: on a virtual thread, never on the event loop or a bounded pool
            .threads().executorService(services.breakerThreads())
            .doTry()
                .to(top)
            .doCatch(CircuitOpenException.class)
                .process(PlanRouteBuilder::bypassBreakers).id(prefix + "-all-open") // try them anyway
                .to(top)
            .end();
    }

    private static void bypassBreakers(Exchange exchange) {
        RoutingRun.of(exchange).bypassBreakers();
        PlanFailures.clearForNext(exchange);
    }

    /** The route of one node; returns its endpoint. */
    private String node(PlanNode node) {
        String known = endpoints.get(node);
        if (known != null) {
            return known;
        }
        String id = prefix + suffix(node.path());
        String uri = "direct:" + id;
        routeIds.add(id);
        endpoints.put(node, uri);
        if (node instanceof PlanNode.Target target) {
            target(id, uri, target);
            return uri;
        }
        PlanNode.Strategy strategy = (PlanNode.Strategy) node;
        List<String> children = new ArrayList<>();
        if (strategy.mode() != PlanNode.Mode.CONDITIONAL) {
            strategy.children().forEach(c -> children.add(node(c)));
        }
        RouteDefinition route = from(uri).routeId(id).errorHandler(noErrorHandler());
        switch (strategy.mode()) {
            case SINGLE -> route.to(children.get(0));
            case FALLBACK -> route.loadBalance().custom(bind(id + "-fallback", new FallbackBalancer(strategy)))
                    .to(children.toArray(String[]::new));
            case LOADBALANCE -> route.loadBalance().custom(bind(id + "-" + strategy.algorithm().name().toLowerCase(),
                            new TargetOrderBalancer(services.order(), plan, strategy)))
                    .to(children.toArray(String[]::new));
            case CONDITIONAL -> conditional(route, strategy);
        }
        return uri;
    }

    /** Balancers are registry beans named after their route, so a route dump names them. */
    private String bind(String name, org.apache.camel.processor.loadbalancer.LoadBalancer balancer) {
        getContext().getRegistry().bind(name, balancer);
        beans.add(name);
        return name;
    }

    /** Content-based router: the first rule whose query matches the request's metadata picks the target. */
    private void conditional(RouteDefinition route, PlanNode.Strategy strategy) {
        ChoiceDefinition choice = route.choice();
        for (PlanNode.Rule rule : strategy.conditions()) {
            choice.when(matches(rule)).to(node(child(strategy, rule.then())));
        }
        if (strategy.defaultTarget() != null) {
            choice.otherwise().to(node(child(strategy, strategy.defaultTarget())));
        } else {
            choice.otherwise().throwException(new GatewayException(400, "invalid_request_error",
                    "no_matching_target", null,
                    "no conditional rule matched the request and the config has no default target", null, null, null));
        }
        choice.end();
    }

    private static Predicate matches(PlanNode.Rule rule) {
        return exchange -> rule.condition().test(
                GatewayExchange.of(exchange).request());
    }

    private static PlanNode child(PlanNode.Strategy strategy, String name) {
        for (PlanNode child : strategy.children()) {
            if (name.equals(child.name())) {
                return child;
            }
        }
        throw new IllegalStateException("validated config names a missing target " + name);
    }

    /**
     * A target: its retries (the redelivery policy: on_status_codes, attempts, backoff or Retry-After, waiting
     * without holding a thread), its circuit breaker, and the call.
     */
    private void target(String id, String uri, PlanNode.Target target) {
        RouteDefinition route = from(uri).routeId(id);
        PlanNode.Retry retry = target.retry();
        if (retry.attempts() > 0) {
            route.errorHandler(defaultErrorHandler().logExhausted(false).logRetryAttempted(false)
                    .logStackTrace(false).maximumRedeliveries(0));
            route.onException(GatewayException.class)
                    .onWhen(exchange -> PlanFailures.retried(exchange.getException(), retry))
                    .maximumRedeliveries(retry.attempts())
                    .asyncDelayedRedelivery()
                    .onRedelivery(exchange -> RoutingRun.markLast(exchange, Attempt.Outcome.RETRIED))
                    .id(id + "-retry")
                    .logExhausted(false).logRetryAttempted(false).logStackTrace(false)
                    .end();
        } else {
            route.errorHandler(noErrorHandler());
        }
        for (TargetRouteCustomizer customizer : customizers) {
            customizer.customize(plan, target, route);
        }
        TargetCall call = new TargetCall(exchange -> target, services);
        java.util.Optional<CircuitBreaker> breaker = services.health().breaker(target);
        if (breaker.isEmpty()) {
            route.process(call).id(id + "-call");
            return;
        }
        String breakerBean = "llmgate-breaker:" + target.healthKey();
        getContext().getRegistry().bind(breakerBean, CircuitBreaker.class, breaker.get());
        route.choice()
                .when(exchange -> RoutingRun.of(exchange).breakersBypassed())
                    .process(call).id(id + "-call-bypassed")
                .otherwise()
                    .circuitBreaker().id(id + "-breaker")
                        .resilience4jConfiguration().circuitBreaker(breakerBean)
                            .throwExceptionWhenHalfOpenOrOpenState(true).end()
                        .process(call).id(id + "-call")
                    .onFallback()
                        .process(exchange -> failed(exchange, target)).id(id + "-failed")
                    .end()
                .end();
    }

    /**
     * After the breaker refused or recorded a failure. Camel's breaker runs this with the failure it caught, or
     * with none when it refused the call (open, or half-open with its probes taken).
     */
    private void failed(Exchange exchange, PlanNode.Target target) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the breaker marked the failure handled for a fallback that answers; this one passes it on
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_HANDLED);
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        if (caught == null || PlanFailures.notPermitted(caught)) {
            RoutingRun.of(exchange).skippedOpen();
            CircuitOpenException open = new CircuitOpenException(target);
            UpstreamCallProcessor.record(exchange, new Attempt(0, target.path(), target.provider(), null,
                    open.status(), Attempt.Outcome.CIRCUIT_OPEN, open.type(), open.getMessage(), 0));
            exchange.setException(open);
            return;
        }
        GatewayException error = PlanFailures.unwrap(caught);
        TargetCall.retryDelay(exchange, target, error, services.backoff());
        exchange.setException(error);
    }

    /** {@code config.targets[0].targets[1]} becomes {@code -t0-1}; the config's top node is {@code -root}. */
    static String suffix(String path) {
        String rest = path.startsWith("config") ? path.substring("config".length()) : path;
        if (rest.isEmpty()) {
            return "-root";
        }
        StringBuilder out = new StringBuilder("-t");
        boolean first = true;
        for (String part : rest.split("\\.targets\\[")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!first) {
                out.append('-');
            }
            out.append(part.replace("]", ""));
            first = false;
        }
        return out.toString();
    }

    private static boolean hasBreaker(PlanNode node) {
        if (node instanceof PlanNode.Target t) {
            return t.breaker() != null;
        }
        return ((PlanNode.Strategy) node).children().stream().anyMatch(PlanRouteBuilder::hasBreaker);
    }
}
