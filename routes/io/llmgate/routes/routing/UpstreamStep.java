package io.llmgate.routes.routing;

import org.apache.camel.Processor;

/**
 * An integration team's own step, run in the {@code attempt} route between routing and the upstream call, once per
 * attempt. Declare it as a Spring bean; {@code @Order} sets the order among several. The exchange's body is the
 * request (an ObjectNode, OpenAI-shaped, overrides applied); properties hold the target
 * ({@code GatewayHeaders.TARGET_PROPERTY}). Throwing a {@code GatewayException} fails the attempt.
 */
public interface UpstreamStep extends Processor {
}
