package io.llmgate.routes.routing;

import org.apache.camel.Exchange;

/**
 * Asked before each attempt and told when one failed, with the request's own exchange. Governance uses it so a
 * virtual key picked by a config target counts against that key's budgets and rate limits; throwing a
 * {@link io.llmgate.routes.api.GatewayException} (429) skips the target like any failed attempt, so routing can
 * fall back.
 */
public interface AttemptGate {

    void before(Exchange request, PlanNode.Target target);

    void failed(Exchange request, PlanNode.Target target);
}
