package io.llmgate.routes.governance;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.model.governance.ApiKeyScopes;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayRequest;

/** Once the body is parsed: a key limited to some models gets 403 for any other. */
@Component
public class ModelPermission implements Processor {

    private final AccessDenials denials;

    public ModelPermission(AccessDenials denials) {
        this.denials = denials;
    }

    @Override
    public void process(Exchange exchange) {
        ApiKeyRecord key = GatewayExchange.of(exchange).apiKey();
        GatewayRequest request = GatewayExchange.of(exchange).request();
        if (key == null || request == null || ApiKeyScopes.allowsModel(key.allowedModels(), request.model())) {
            return; // gateway auth off, a health check, or an allowed model
        }
        throw denials.deny(exchange, request, key, 403, "permission_error", "model_not_allowed", "This API key may "
                + "not use model '" + request.model() + "'; allowed: " + String.join(", ", key.allowedModels()) + ".");
    }
}
