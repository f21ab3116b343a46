package io.llmgate.routes.routing;

import java.util.List;

import io.llmgate.routes.api.GatewayException;

/** A routing config that failed validation; the message lists every problem with the path of the field. */
public class InvalidConfigException extends GatewayException {

    private final List<String> errors;

    public InvalidConfigException(List<String> errors) {
        super(400, "invalid_request_error", "invalid_config", "config", "invalid routing config: "
                + String.join("; ", errors), null, null, null);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
