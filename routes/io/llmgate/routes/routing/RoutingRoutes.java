package io.llmgate.routes.routing;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.upstream.UpstreamCallProcessor;

/**
 * One attempt, from routing to the provider. Failures stay on the exchange (no error handler here) so the
 * plan's routes decide between retry, fallback and giving up.
 */
@Component
public class RoutingRoutes extends RouteBuilder {

    private final GatewayProperties properties;
    private static final Logger LOG = LoggerFactory.getLogger(RoutingRoutes.class);

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
            attempt.process(exchange -> runStep(step, exchange)).id("step-" + step.getClass().getSimpleName());
        }
        attempt.to("direct:upstream");

        from("direct:upstream").routeId("upstream")
                .process(upstreamCall);
    }

    /**
     * Camel sends an Exception a step throws to the error handling, but lets an Error (a team's AssertionError, a
     * StackOverflowError) unwind the thread: the client's connection closed with no answer, or, on the upstream
     * client's thread, the request hung. As an exception it fails the attempt like any other failure.
     */
    private static void runStep(UpstreamStep step, Exchange exchange) throws Exception {
        try {
            step.process(exchange);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Error e) {
            LOG.error("step {} threw", step.getClass().getName(), e);
            throw new GatewayException(500, "server_error", "internal_error", null,
                    "step " + step.getClass().getSimpleName() + " failed; see the gateway log", null, null, e);
        }
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
