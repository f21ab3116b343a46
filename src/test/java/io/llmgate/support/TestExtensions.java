package io.llmgate.support;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.routing.TargetRouteCustomizer;
import io.llmgate.routes.routing.UpstreamStep;

/**
 * What an integration team would add, used by the end-to-end tests: an {@link UpstreamStep} bean and a route that
 * consumes the attempt wire tap. Also the breakers' clock, which tests move by hand.
 */
@TestConfiguration
public class TestExtensions {

    public static final MutableClock ROUTING_CLOCK = new MutableClock();
    /** Every attempt seen by the wire tap, as JSON text. */
    public static final List<String> TAPPED = new CopyOnWriteArrayList<>();

    /** Only for the breakers (qualified injection); governance and logs keep their own clock. */
    @Bean(name = "routingClock", defaultCandidate = false)
    Clock routingClock() {
        return ROUTING_CLOCK;
    }

    /** Adds a header to the upstream call when the app's metadata asks for it. */
    @Bean
    UpstreamStep teamStep() {
        return exchange -> {
            GatewayRequest request = GatewayExchange.of(exchange).request();
            // FatalErrorTest: an Error on the server's thread ("error") or, after a first attempt failed, on the
            // upstream client's thread ("error-on-fallback")
            Object step = request.metadata().get("team-step");
            java.util.List<?> tried = GatewayExchange.of(exchange).attempts();
            if ("error".equals(step) || "error-on-fallback".equals(step) && tried != null && !tried.isEmpty()) {
                throw new AssertionError("a team step failed with an Error");
            }
            if ("yes".equals(request.metadata().get("team-step"))) {
                GatewayExchange.of(exchange).upstreamHeaders(Map.of("x-team-step", "seen"));
            }
        };
    }

    /** Adds a step to one config target's route: the target named "team-target", in whatever config. */
    @Bean
    TargetRouteCustomizer teamTargetStep() {
        return (plan, target, route) -> {
            if ("team-target".equals(target.name())) {
                route.process(e -> GatewayExchange.of(e).upstreamHeaders(Map.of("x-target-step", plan.id())))
                        .id(route.getRouteId() + "-team-step");
            }
        };
    }

    @Bean
    RouteBuilder tapConsumer() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:test-attempts").routeId("test-tap-consumer")
                        .process(e -> TAPPED.add(e.getMessage().getBody(String.class)));
            }
        };
    }
}
