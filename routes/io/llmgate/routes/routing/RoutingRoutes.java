package io.llmgate.routes.routing;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.upstream.UpstreamCallProcessor;

/**
 * One attempt, from routing to the provider. Failures stay on the exchange (no error handler here) so the
 * plan's routes decide between retry, fallback and giving up.
 */
@Component
public class RoutingRoutes extends RouteBuilder {

    private final GatewayProperties properties;
    private final List<UpstreamStep> steps;
    private final UpstreamCallProcessor upstreamCall;

    public RoutingRoutes(GatewayProperties properties, ObjectProvider<UpstreamStep> steps,
                         UpstreamCallProcessor upstreamCall) {
        this.properties = properties;
        this.steps = steps.orderedStream().toList();
        this.upstreamCall = upstreamCall;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        RouteDefinition attempt = from(PlanServices.ATTEMPT_ENDPOINT).routeId("attempt");
        for (String tap : properties.getRouting().getAttemptTaps()) {
            // taps get the request as JSON text, so any endpoint (file, Kafka, HTTP) can take it
            attempt.wireTap(tap).onPrepare(RoutingRoutes::bodyAsJson);
        }
        for (UpstreamStep step : steps) {
            attempt.process(step).id("step-" + step.getClass().getSimpleName());
        }
        attempt.to("direct:upstream");

        from("direct:upstream").routeId("upstream")
                .process(upstreamCall);
    }

    private static void bodyAsJson(Exchange tap) {
        Object body = tap.getMessage().getBody();
        if (body instanceof ObjectNode node) {
            tap.getMessage().setBody(node.toString());
        }
        tap.getMessage().setHeader("llmgateOptionPath",
                GatewayExchange.of(tap).optionPathOrNull());
    }
}
