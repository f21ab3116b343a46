package io.llmgate.routes.inbound;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderRegistry;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.provider.UpstreamRequest;
import io.llmgate.routes.routing.HeaderTargetResolver;
import io.llmgate.routes.upstream.UpstreamClient;

/**
 * {@code GET /v1/models}: the provider's own list when a provider is named, otherwise the models configured
 * under {@code gateway.models}.
 */
@Component
public class ModelList extends AsyncProcessorSupport {

    private final ObjectMapper json;
    private final GatewayProperties properties;
    private final ProviderRegistry providers;
    private final HeaderTargetResolver targets;
    private final UpstreamClient client;

    public ModelList(ObjectMapper json, GatewayProperties properties, ProviderRegistry providers,
                     HeaderTargetResolver targets, UpstreamClient client) {
        this.json = json;
        this.properties = properties;
        this.providers = providers;
        this.targets = targets;
        this.client = client;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            GatewayRequest request = exchange.getProperty(GatewayHeaders.REQUEST_PROPERTY, GatewayRequest.class);
            if (request.header(GatewayHeaders.PROVIDER) == null) {
                exchange.getMessage().setBody(configured());
                callback.done(true);
                return true;
            }
            ProviderTarget target = targets.resolve(request, exchange.getProperty(CallerIdentity.PROPERTY,
                    CallerIdentity.ANONYMOUS, CallerIdentity.class));
            ProviderAdapter adapter = providers.get(target.provider());
            UpstreamRequest list = adapter.listModels(target);
            if (list == null) {
                throw GatewayException.invalidRequest("provider " + adapter.name() + " has no model list", null);
            }
            Duration timeout = properties.getRequestTimeout();
            client.fetch(adapter, list, timeout).whenComplete((bytes, failure) -> {
                try {
                    if (failure != null) {
                        exchange.setException(UpstreamClient.classify(failure, adapter.name(), timeout));
                    } else {
                        exchange.getMessage().setBody(adapter.toOpenAiModelList(bytes));
                    }
                } catch (RuntimeException e) {
                    exchange.setException(e);
                }
                callback.done(false);
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private ObjectNode configured() {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (GatewayProperties.ModelEntry m : properties.getModels()) {
            data.addObject().put("id", m.id()).put("object", "model").put("created", 0).put("owned_by", m.provider());
        }
        return list;
    }
}
