package io.llmgate.routes.upstream;

import java.time.Duration;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderRegistry;
import io.llmgate.routes.provider.ProviderTarget;

/**
 * One attempt against the exchange's target: translate, send, translate back. Asynchronous, so the exchange
 * waits for the provider without holding a thread.
 */
@Component
public class UpstreamCallProcessor extends AsyncProcessorSupport {

    /** Exchange property: request timeout in milliseconds for this attempt (set by routing configs). */
    public static final String TIMEOUT_PROPERTY = "llmgate.timeoutMillis";
    /** Exchange property: the request body to send, when routing changed it (override_params). */
    public static final String BODY_PROPERTY = "llmgate.body";

    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final GatewayProperties properties;

    public UpstreamCallProcessor(ProviderRegistry providers, UpstreamClient client, GatewayProperties properties) {
        this.providers = providers;
        this.client = client;
        this.properties = properties;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            GatewayRequest request = exchange.getProperty(GatewayHeaders.REQUEST_PROPERTY, GatewayRequest.class);
            ProviderTarget target = exchange.getProperty(GatewayHeaders.TARGET_PROPERTY, ProviderTarget.class);
            ProviderAdapter adapter = providers.get(target.provider());
            if (!adapter.supports(request.endpoint())) {
                throw GatewayException.invalidRequest("provider " + adapter.name() + " does not support "
                        + request.endpoint().path(), null);
            }
            var body = exchange.getProperty(BODY_PROPERTY, request.body(), com.fasterxml.jackson.databind.node.ObjectNode.class);
            if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
                throw GatewayException.invalidRequest("you must provide a model parameter", "model");
            }
            Long millis = exchange.getProperty(TIMEOUT_PROPERTY, Long.class);
            Duration timeout = millis != null ? Duration.ofMillis(millis) : properties.getRequestTimeout();
            client.call(adapter, request.endpoint(), body, target, timeout).whenComplete((result, failure) -> {
                if (failure != null) {
                    exchange.setException(UpstreamClient.classify(failure, adapter.name(), timeout));
                } else {
                    exchange.setProperty(GatewayHeaders.RESULT_PROPERTY, result);
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
}
