package io.llmgate.routes.routing;

import io.llmgate.routes.api.CallerIdentity;
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
}
