package io.llmgate.routes.routing;

import org.apache.camel.model.RouteDefinition;

/**
 * For integration teams: a bean of this type is asked about every target route a routing config compiles to, and
 * may add steps to it (they run before the target's call, once per try). Steps for every attempt of every config
 * belong on {@code direct:attempt} instead ({@link UpstreamStep} beans, or {@code gateway.routing.attempt-taps}).
 */
public interface TargetRouteCustomizer {

    void customize(RoutingPlan plan, PlanNode.Target target, RouteDefinition route);
}
