package io.llmgate.routes.inbound;

import java.util.List;

import org.apache.camel.Exchange;

import io.llmgate.routes.api.CallerIdentity;

/**
 * What the caller's credentials reach, for {@code GET /v1/models}: implemented by governance, absent when the
 * gateway runs without it.
 */
public interface CallerModels {

    /** Model ids the caller's API key names exactly (patterns such as {@code gpt-4o*} are not models). */
    List<String> allowedModels(Exchange exchange);

    /** Whether the caller's API key may use this model (true for keys without a model list). */
    boolean allows(Exchange exchange, String model);

    /** Ids of the enabled virtual keys of the caller's workspace; empty without a workspace. */
    List<String> virtualKeys(CallerIdentity caller);
}
