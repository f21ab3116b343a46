package io.llmgate.routes.governance;

import java.util.Set;

import org.springframework.stereotype.Component;

import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.ProviderCatalog;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.provider.ProviderRegistry;

/** The provider adapters' names, for checking virtual keys when they are created. */
@Component
public class ProviderCatalogAdapter implements ProviderCatalog {

    private final ProviderRegistry registry;

    public ProviderCatalogAdapter(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String canonical(String provider) {
        try {
            return registry.canonicalName(provider);
        } catch (GatewayException e) {
            throw GovernanceException.invalid("provider", e.getMessage());
        }
    }

    @Override
    public Set<String> names() {
        return registry.names();
    }
}
