package io.llmgate.routes.upstream;

import io.llmgate.routes.api.GatewayException;

/**
 * The two ways the gateway itself ends a request early, as one convention for streamed and whole answers alike:
 * the status and code go to the request log (and, where the client is still there, into the error it receives).
 */
public final class Cancellations {

    /** nginx's "client closed request": no client ever sees it, the request log does. */
    public static final int CLIENT_CLOSED_REQUEST = 499;

    private Cancellations() {
    }

    /** The client closed its connection before the answer was complete; the provider call was cancelled. */
    public static GatewayException clientDisconnected(String provider) {
        return new GatewayException(CLIENT_CLOSED_REQUEST, "client_error", "client_disconnected", null,
                "the client closed the connection before the response was complete", provider, null, null);
    }

    /** The gateway is stopping and the drain time ran out before this answer was complete. */
    public static GatewayException shuttingDown(String provider) {
        return new GatewayException(503, "server_error", "server_shutting_down", null,
                "the gateway is shutting down and could not finish this response in time; retry the request",
                provider, null, null);
    }
}
