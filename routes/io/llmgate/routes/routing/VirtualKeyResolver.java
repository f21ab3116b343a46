package io.llmgate.routes.routing;

import java.util.HashMap;
import java.util.Map;

import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.provider.ProviderTarget;

/**
 * Turns a virtual key id (from a routing config target or the {@code x-gateway-virtual-key} header) into the
 * provider, decrypted secret and settings it stands for. Implemented by governance; the secret leaves it only
 * inside the returned target, for the upstream call.
 */
public interface VirtualKeyResolver {

    /**
     * @throws io.llmgate.routes.api.GatewayException 4xx when the key is unknown, disabled, or not usable by the
     *                                                 caller's workspace
     */
    ProviderTarget resolve(String virtualKeyId, CallerIdentity caller);

    /**
     * Whether the key exists for the caller (in its workspace; any workspace for a caller without one), without
     * decrypting anything: checked for every key a routing config names before the request is routed.
     */
    boolean exists(String virtualKeyId, CallerIdentity caller);

    /**
     * A config target as the provider call sees it: through its virtual key (the key's provider, secret, host and
     * settings, the target's own overriding them) or with its own {@code api_key}, else the client's key.
     *
     * @param resolver null when this gateway has no virtual keys (then a target naming one is a 400)
     */
    static ProviderTarget providerTarget(PlanNode.Target target, CallerIdentity caller, String clientKey,
                                         Map<String, String> forwardedHeaders, VirtualKeyResolver resolver) {
        if (target.virtualKey() == null) {
            return new ProviderTarget(target.provider(), target.apiKey() != null ? target.apiKey() : clientKey,
                    target.customHost(), target.settings(), forwardedHeaders);
        }
        if (resolver == null) {
            throw GatewayException.invalidRequest("virtual keys are not available in this gateway",
                    target.path() + ".virtual_key");
        }
        ProviderTarget base = resolver.resolve(target.virtualKey(), caller);
        Map<String, String> settings = new HashMap<>(base.settings());
        settings.putAll(target.settings());
        Map<String, String> headers = new HashMap<>(base.extraHeaders());
        headers.putAll(forwardedHeaders);
        return new ProviderTarget(target.provider() != null ? target.provider() : base.provider(), base.apiKey(),
                target.customHost() != null ? target.customHost() : base.baseUrl(), settings, headers);
    }
}
