package io.llmgate.model.routing;

/** Published after a config's active version changed, so compiled copies are dropped. */
public record RoutingConfigChanged(String configId, int activeVersion) {
}
