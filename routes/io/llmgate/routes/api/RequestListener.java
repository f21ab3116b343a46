package io.llmgate.routes.api;

import org.apache.camel.Exchange;

/**
 * Told how each request ended: budgets settle here, the request log and metrics record here. Implementations are
 * Spring beans, must be fast and must not throw; anything slow goes through a queue of their own.
 */
public interface RequestListener {

    /**
     * @param exchange the request's exchange, for properties the listener itself set earlier (after a stream it
     *                 is no longer being routed)
     */
    void onComplete(Exchange exchange, GatewayRequest request, RequestOutcome outcome);
}
