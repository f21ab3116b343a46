package io.llmgate.model.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/** Gateway API keys: create (the key is returned once), change, rotate, revoke. RBAC-checked and audited. */
@Service
public class ApiKeyService extends WorkspaceRecords<ApiKey, ApiKeyService.ApiKeyView> {

    /** An API key as shown to admins: never the key or its hash. */
    @SnakeCaseJson
    public record ApiKeyView(String id, String workspaceId, String name, String prefix, String status,
                             List<String> scopes, List<String> allowedModels, String defaultConfigId,
                             Map<String, String> metadata, Instant expiresAt, Instant revokedAt, String createdBy,
                             Instant createdAt, Instant updatedAt) {
    }

    /**
     * A newly created or rotated key: {@code key} is the only time the token is ever shown. In JSON one flat
     * object, the key's fields and {@code key}.
     */
    @SnakeCaseJson
    public record CreatedApiKey(@JsonUnwrapped ApiKeyView apiKey, String key) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + apiKey.id() + "]";
        }
    }

    /** Fields of a key; on update, null leaves a field as it is. */
    @SnakeCaseJson
    public record ApiKeySpec(String name, List<String> scopes, List<String> allowedModels, String defaultConfigId,
                             Map<String, String> metadata, Instant expiresAt) {
    }

    private final ApiKeyRepository keys;
    private final GatewayKeyVerifier verifier;

    public ApiKeyService(ApiKeyRepository keys, AccessPolicy access, AuditService audit, GatewayKeyVerifier verifier,
                         Clock clock) {
        super(new Kind(Permission.API_KEY_READ, Permission.API_KEY_WRITE, "api_key", "API key"), keys, access, audit,
                clock);
        this.keys = keys;
        this.verifier = verifier;
    }

    @Transactional
    public CreatedApiKey create(Actor actor, String workspaceId, ApiKeySpec spec) {
        requireWrite(actor, workspaceId);
        Instant now = clock.instant();
        KeyTokens.Issued issued = unusedPrefix();
        ApiKey key = new ApiKey(Ids.newId("key"), workspaceId, Validation.name(spec.name(), "name"),
                new KeyHash(issued), actor.id(), now);
        key.setScopes(ApiKeyScopes.validate(spec.scopes()));
        key.setAllowedModels(ApiKeyScopes.validateModels(spec.allowedModels()));
        key.setDefaultConfigId(Validation.optional(spec.defaultConfigId(), "default_config_id", 200));
        key.setMetadata(Validation.map(spec.metadata(), "metadata"));
        key.setExpiresAt(futureOrNull(spec.expiresAt(), now));
        keys.save(key);
        ApiKeyView view = view(key);
        audited(actor, "create", key, null, view, null);
        verifier.invalidate(issued.prefix());
        return new CreatedApiKey(view, issued.token());
    }

    @Transactional
    public ApiKeyView update(Actor actor, String id, ApiKeySpec spec) {
        ApiKey key = writable(actor, id);
        ApiKeyView before = view(key);
        if (spec.name() != null) {
            key.setName(Validation.name(spec.name(), "name"));
        }
        if (spec.scopes() != null) {
            key.setScopes(ApiKeyScopes.validate(spec.scopes()));
        }
        if (spec.allowedModels() != null) {
            key.setAllowedModels(ApiKeyScopes.validateModels(spec.allowedModels()));
        }
        if (spec.defaultConfigId() != null) {
            key.setDefaultConfigId(Validation.optional(spec.defaultConfigId(), "default_config_id", 200));
        }
        if (spec.metadata() != null) {
            key.setMetadata(Validation.map(spec.metadata(), "metadata"));
        }
        if (spec.expiresAt() != null) {
            key.setExpiresAt(futureOrNull(spec.expiresAt(), clock.instant()));
        }
        ApiKeyView after = saveChanged(actor, "update", key, before, null);
        verifier.invalidate(key.getPrefix());
        return after;
    }

    @Transactional
    public ApiKeyView revoke(Actor actor, String id) {
        ApiKey key = writable(actor, id);
        ApiKeyView before = view(key);
        if (key.getRevokedAt() == null) {
            key.setRevokedAt(clock.instant());
            key.setUpdatedAt(clock.instant());
            keys.saveAndFlush(key);
        }
        ApiKeyView after = view(key);
        audited(actor, "revoke", key, before, after, null);
        verifier.invalidate(key.getPrefix());
        return after;
    }

    /** A new token for the same key id; the old token stops working at once. */
    @Transactional
    public CreatedApiKey rotate(Actor actor, String id) {
        ApiKey key = writable(actor, id);
        if (key.getRevokedAt() != null) {
            throw GovernanceException.conflict("API key '" + id + "' is revoked and cannot be rotated");
        }
        ApiKeyView before = view(key);
        String oldPrefix = key.getPrefix();
        KeyTokens.Issued issued = unusedPrefix();
        key.setHash(new KeyHash(issued));
        ApiKeyView after = saveChanged(actor, "rotate", key, before, null);
        verifier.invalidate(oldPrefix);
        verifier.invalidate(issued.prefix());
        return new CreatedApiKey(after, issued.token());
    }

    private KeyTokens.Issued unusedPrefix() {
        for (int i = 0; i < 5; i++) {
            KeyTokens.Issued issued = KeyTokens.issue(KeyTokens.GATEWAY_KIND);
            if (!keys.existsByHashPrefix(issued.prefix())) {
                return issued;
            }
        }
        throw new IllegalStateException("could not find an unused key prefix");
    }

    private static Instant futureOrNull(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw GovernanceException.invalid("expires_at", "'expires_at' must be in the future");
        }
        return expiresAt;
    }

    @Override
    protected ApiKeyView view(ApiKey k) {
        Instant now = clock.instant();
        String status = k.getRevokedAt() != null ? "revoked"
                : k.getExpiresAt() != null && !now.isBefore(k.getExpiresAt()) ? "expired" : "active";
        return new ApiKeyView(k.getId(), k.getWorkspaceId(), k.getName(),
                KeyTokens.GATEWAY_KIND + "-" + k.getPrefix(), status, k.getScopes(), k.getAllowedModels(),
                k.getDefaultConfigId(), k.getMetadata(), k.getExpiresAt(), k.getRevokedAt(), k.getCreatedBy(),
                k.getCreatedAt(), k.getUpdatedAt());
    }
}
