package io.llmgate.routes.routing;

import io.llmgate.routes.api.UpstreamException;

/** A target skipped because its circuit breaker is open; routing moves on to another target. */
public class CircuitOpenException extends UpstreamException {

    public CircuitOpenException(PlanNode.Target target) {
        super(Kind.HTTP_ERROR, 503, "upstream_error", "circuit_open",
                (target.provider() == null ? "target" : target.provider()) + " at " + target.path()
                        + " is unavailable: its circuit breaker is open", target.provider(), null, null);
    }
}
