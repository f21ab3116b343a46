package io.llmgate.routes.routing;

import io.llmgate.routes.api.CallerIdentity;

/** Named routing configs stored with versions; the active version of one, compiled. */
public interface NamedConfigs {

    /**
     * @throws io.llmgate.routes.api.GatewayException 404 when no such config exists (or the caller's workspace
     *                                                 may not use it)
     */
    RoutingPlan active(String id, CallerIdentity caller);
}
