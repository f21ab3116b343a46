package io.llmgate.routes.routing;

import io.llmgate.routes.api.GatewayException;

/**
 * A try the gateway refused itself before calling the provider (a virtual key's own budget or rate limit): routing
 * moves on as after any failed attempt, but the target's circuit breaker does not count it.
 */
final class AttemptRefusedException extends GatewayException {

    AttemptRefusedException(GatewayException refusal) {
        super(refusal.status(), refusal.type(), refusal.code(), refusal.param(), refusal.getMessage(),
                refusal.provider(), refusal.retryAfterSeconds(), refusal);
    }
}
