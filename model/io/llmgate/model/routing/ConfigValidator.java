package io.llmgate.model.routing;

import java.util.List;

/** Checks a routing config's JSON before it is stored; implemented by the routing layer that runs configs. */
@FunctionalInterface
public interface ConfigValidator {

    /** @return every problem as "path: message"; empty when the config is valid */
    List<String> validate(String json);
}
