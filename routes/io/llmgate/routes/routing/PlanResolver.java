package io.llmgate.routes.routing;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderRegistry;

/**
 * Finds the routing config for a request: inline JSON in {@code x-gateway-config}, or the id of a named config
 * there, or the API key's default config, or else a single target named by {@code x-gateway-provider}.
 */
@Component
public class PlanResolver implements Processor {

    private final ObjectMapper json;
    private final RoutingConfigParser parser;
    private final ProviderRegistry providers;
    private final ObjectProvider<NamedConfigs> named;
    private final ObjectProvider<VirtualKeyResolver> virtualKeys;
    /** Inline configs are compiled once per distinct text. */
    private final Cache<String, RoutingPlan> inline = Caffeine.newBuilder().maximumSize(1_000).build();

    public PlanResolver(ObjectMapper json, RoutingConfigParser parser, ProviderRegistry providers,
                        ObjectProvider<NamedConfigs> named, ObjectProvider<VirtualKeyResolver> virtualKeys) {
        this.json = json;
        this.parser = parser;
        this.providers = providers;
        this.named = named;
        this.virtualKeys = virtualKeys;
    }

    @Override
    public void process(Exchange exchange) {
        GatewayExchange state = GatewayExchange.of(exchange);
        GatewayRequest request = state.request();
        CallerIdentity caller = state.caller();
        if (state.clientProviderKey() == null) {
            state.clientProviderKey(HeaderTargetResolver.bearer(request.header("authorization")));
        }
        RoutingPlan plan = resolve(request, caller);
        requireKnownVirtualKeys(plan, caller);
        exchange.setProperty(RoutingPlan.PROPERTY, plan);
        state.configId(plan.id());
    }

    /** A key's default config arrives as the x-gateway-config header (GatewayAuthenticator puts it there). */
    RoutingPlan resolve(GatewayRequest request, CallerIdentity caller) {
        String header = request.header(GatewayHeaders.CONFIG);
        if (header != null && !header.isBlank()) {
            String value = header.trim();
            return value.startsWith("{") ? inline(value) : namedConfig(value, caller);
        }
        return fromHeaders(request);
    }

    /**
     * A config naming a virtual key the caller's workspace does not have (deleted, mistyped, another workspace's) is
     * refused before anything is routed, naming the key and its place: otherwise it failed only when routing reached
     * that target, as whatever error the fallback ended on. The header way keeps its own check (invalid_virtual_key).
     */
    private void requireKnownVirtualKeys(RoutingPlan plan, CallerIdentity caller) {
        VirtualKeyResolver resolver = virtualKeys.getIfAvailable();
        if (resolver == null || plan.id().equals("headers")) {
            return;
        }
        for (VirtualKeyReferences.Reference ref : VirtualKeyReferences.of(plan.root())) {
            if (!resolver.exists(ref.virtualKey(), caller)) {
                String config = plan.id().startsWith("inline-") ? "the " + GatewayHeaders.CONFIG + " config"
                        : "routing config '" + plan.id() + "'";
                throw new GatewayException(400, "invalid_request_error", "unknown_virtual_key", ref.field(),
                        "virtual key '" + ref.virtualKey() + "' at " + ref.field() + " of " + config
                                + " does not exist in this workspace", null, null, null);
            }
        }
    }

    private RoutingPlan inline(String text) {
        return inline.get(text, t -> {
            JsonNode config;
            try {
                config = json.readTree(t);
            } catch (IOException e) {
                throw GatewayException.invalidRequest(GatewayHeaders.CONFIG + " is not valid JSON: "
                        + e.getMessage().lines().findFirst().orElse(""), GatewayHeaders.CONFIG);
            }
            return new RoutingPlan(PlanRoutes.inlineId(t), 0, parser.parse(config));
        });
    }

    private RoutingPlan namedConfig(String id, CallerIdentity caller) {
        NamedConfigs configs = named.getIfAvailable();
        if (configs == null) {
            throw GatewayException.notFound("routing config '" + id + "' not found");
        }
        return configs.active(id, caller);
    }

    /** The header way: one target, no retries or fallbacks. */
    private RoutingPlan fromHeaders(GatewayRequest request) {
        String virtualKey = request.header(GatewayHeaders.VIRTUAL_KEY);
        String provider = request.header(GatewayHeaders.PROVIDER);
        if (virtualKey == null) {
            provider = providers.canonicalName(provider); // 400 for a missing or unknown provider
        } else if (provider != null) {
            provider = providers.canonicalName(provider);
        }
        PlanNode.Target target = new PlanNode.Target("config", null, 1, provider, null,
                virtualKey == null ? null : virtualKey.trim(), request.header(GatewayHeaders.CUSTOM_HOST), null,
                HeaderTargetResolver.settings(request), java.util.List.of(), PlanNode.Retry.NONE, null, null);
        return new RoutingPlan("headers", 0, target);
    }
}
