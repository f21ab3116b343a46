package io.llmgate.routes.routing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderRegistry;
import io.llmgate.routes.provider.ProviderTarget;

/**
 * A target from request headers alone: {@code x-gateway-provider} names the provider and {@code Authorization}
 * carries its key, or {@code x-gateway-virtual-key} names a stored key ({@code x-portkey-*} names work too). Used
 * where no routing config applies, such as listing a provider's models.
 */
@Component
public class HeaderTargetResolver {

    /** Headers whose value becomes a provider setting (Portkey's names for Azure and Anthropic). */
    private static final Map<String, String> SETTING_HEADERS = Map.of(
            "x-gateway-azure-deployment-id", "deployment",
            "x-gateway-azure-api-version", "api_version",
            "x-gateway-azure-resource-name", "resource_name",
            "x-gateway-anthropic-version", "anthropic_version",
            "x-gateway-anthropic-beta", "anthropic_beta",
            "anthropic-version", "anthropic_version",
            "anthropic-beta", "anthropic_beta");

    private final ProviderRegistry providers;
    private final ObjectProvider<VirtualKeyResolver> virtualKeys;

    public HeaderTargetResolver(ProviderRegistry providers, ObjectProvider<VirtualKeyResolver> virtualKeys) {
        this.providers = providers;
        this.virtualKeys = virtualKeys;
    }

    public ProviderTarget resolve(GatewayRequest request, CallerIdentity caller) {
        String virtualKey = request.header(GatewayHeaders.VIRTUAL_KEY);
        if (virtualKey != null && !virtualKey.isBlank()) {
            VirtualKeyResolver resolver = virtualKeys.getIfAvailable();
            if (resolver == null) {
                throw GatewayException.invalidRequest("virtual keys are not available in this gateway",
                        GatewayHeaders.VIRTUAL_KEY);
            }
            ProviderTarget target = resolver.resolve(virtualKey.trim(), caller);
            String customHost = request.header(GatewayHeaders.CUSTOM_HOST);
            return customHost == null ? target : new ProviderTarget(target.provider(), target.apiKey(), customHost,
                    target.settings(), target.extraHeaders());
        }
        String provider = providers.canonicalName(request.header(GatewayHeaders.PROVIDER));
        return new ProviderTarget(provider, bearer(request.header("authorization")),
                request.header(GatewayHeaders.CUSTOM_HOST), settings(request), Map.of());
    }

    /** Provider settings sent as headers (Azure deployment, Anthropic version...). */
    static Map<String, String> settings(GatewayRequest request) {
        Map<String, String> settings = new HashMap<>();
        SETTING_HEADERS.forEach((header, setting) -> {
            String value = request.header(header);
            if (value != null) {
                settings.put(setting, value);
            }
        });
        return settings;
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
    }
}
