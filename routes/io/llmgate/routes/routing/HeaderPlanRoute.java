package io.llmgate.routes.routing;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Requests routed by {@code x-gateway-provider} / {@code x-gateway-virtual-key} alone: one target taken from the
 * request, no retries, no fallback, no breaker, so they share one route instead of compiling one each.
 */
@Component
public class HeaderPlanRoute extends RouteBuilder {

    private final PlanServices services;

    public HeaderPlanRoute(PlanServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        from("direct:" + PlanRoutes.HEADERS_ROUTE).routeId(PlanRoutes.HEADERS_ROUTE).errorHandler(noErrorHandler())
                .process(new TargetCall(e -> (PlanNode.Target) e.getProperty(RoutingPlan.PROPERTY,
                        RoutingPlan.class).root(), services)).id(PlanRoutes.HEADERS_ROUTE + "-call");
    }
}
