package io.llmgate.model.routing;

import java.util.List;

/** A config that failed validation on save; nothing was stored. */
public class InvalidRoutingConfigException extends RuntimeException {

    private final List<String> errors;

    public InvalidRoutingConfigException(List<String> errors) {
        super("invalid routing config: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
