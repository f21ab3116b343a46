package io.llmgate.routes.governance;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.crypto.SecretDecryptionException;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.routing.VirtualKeyResolver;

/**
 * Virtual keys for the gateway: the caller's workspace must own the key, and the decrypted secret leaves only
 * inside the {@link ProviderTarget} for the upstream call. A key of another workspace looks exactly like an unknown
 * one. Used for {@code x-gateway-virtual-key} and for routing-config targets alike.
 */
@Component
public class GovernedVirtualKeyResolver implements VirtualKeyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(GovernedVirtualKeyResolver.class);

    private final VirtualKeyService virtualKeys;
    private final AuditService audit;

    public GovernedVirtualKeyResolver(VirtualKeyService virtualKeys, AuditService audit) {
        this.virtualKeys = virtualKeys;
        this.audit = audit;
    }

    @Override
    public ProviderTarget resolve(String virtualKeyId, CallerIdentity caller) {
        VirtualKeyService.Credential c;
        try {
            c = virtualKeys.credential(virtualKeyId).orElse(null);
        } catch (SecretDecryptionException e) {
            LOG.error("virtual key {} cannot be decrypted: {}", virtualKeyId, e.getMessage());
            throw new GatewayException(500, "server_error", "virtual_key_unreadable",
                    "virtual key '" + virtualKeyId + "' cannot be used: its secret cannot be decrypted; see the "
                            + "gateway log");
        }
        String workspace = caller == null ? null : caller.workspaceId();
        if (c == null || (workspace != null && !workspace.equals(c.workspaceId()))) {
            if (c != null) {
                audit.recordDenied(new Actor(ActorType.API_KEY, caller.apiKeyId(), caller.apiKeyName(), null, false,
                        null), workspace, "virtual_key_not_found", "virtual key " + virtualKeyId
                        + " belongs to another workspace", null);
            }
            throw new GatewayException(400, "invalid_request_error", "invalid_virtual_key", "virtual_key",
                    "virtual key '" + virtualKeyId + "' not found in this workspace", null, null, null);
        }
        if (!c.enabled()) {
            throw new GatewayException(403, "permission_error", "virtual_key_disabled", "virtual_key",
                    "virtual key '" + virtualKeyId + "' is disabled", null, null, null);
        }
        return new ProviderTarget(c.provider(), c.secret(), c.baseUrl(), c.settings(), Map.of());
    }

    @Override
    public boolean exists(String virtualKeyId, CallerIdentity caller) {
        String workspace = caller == null ? null : caller.workspaceId();
        return virtualKeys.workspaceOf(virtualKeyId).filter(w -> workspace == null || workspace.equals(w)).isPresent();
    }
}
