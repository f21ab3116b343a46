package io.llmgate.model.governance;

import java.util.Set;

/**
 * The provider names the gateway knows, so a virtual key for an unknown provider is refused when it is created.
 * Implemented next to the provider adapters; without an implementation any name is accepted.
 */
public interface ProviderCatalog {

    /** The canonical name for a provider name or alias; throws {@link GovernanceException} when unknown. */
    String canonical(String provider);

    Set<String> names();
}
