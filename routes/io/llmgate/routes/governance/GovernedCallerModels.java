package io.llmgate.routes.governance;

import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.model.governance.ApiKeyScopes;
import io.llmgate.model.governance.VirtualKey;
import io.llmgate.model.governance.VirtualKeyRepository;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.inbound.CallerModels;

/** The models an API key is limited to and the virtual keys of its workspace, for the model list. */
@Component
public class GovernedCallerModels implements CallerModels {

    private final VirtualKeyRepository virtualKeys;

    public GovernedCallerModels(VirtualKeyRepository virtualKeys) {
        this.virtualKeys = virtualKeys;
    }

    @Override
    public List<String> allowedModels(Exchange exchange) {
        ApiKeyRecord key = GatewayExchange.of(exchange).apiKey();
        if (key == null || key.allowedModels() == null) {
            return List.of();
        }
        return key.allowedModels().stream().filter(m -> m.indexOf('*') < 0).toList();
    }

    @Override
    public boolean allows(Exchange exchange, String model) {
        ApiKeyRecord key = GatewayExchange.of(exchange).apiKey();
        return key == null || ApiKeyScopes.allowsModel(key.allowedModels(), model);
    }

    @Override
    public List<String> virtualKeys(CallerIdentity caller) {
        if (caller == null || caller.workspaceId() == null) {
            return List.of();
        }
        return virtualKeys.findByWorkspaceIdOrderByCreatedAt(caller.workspaceId()).stream()
                .filter(VirtualKey::isEnabled).map(VirtualKey::getId).toList();
    }
}
