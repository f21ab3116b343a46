package io.llmgate.routes.inbound;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;

/** OpenAI's error shape, with the provider named when a provider answered. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    public static ObjectNode of(GatewayException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        if (e.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", e.code());
        }
        if (e.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", e.param());
        }
        if (e.provider() != null) {
            error.put("provider", e.provider());
        }
        return body;
    }
}
