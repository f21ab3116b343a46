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
public class ApiKeyService {

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
    private final AccessPolicy access;
    private final AuditService audit;
    private final GatewayKeyVerifier verifier;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, AccessPolicy access, AuditService audit, GatewayKeyVerifier verifier,
                         Clock clock) {
        this.keys = keys;
        this.access = access;
        this.audit = audit;
        this.verifier = verifier;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ApiKeyView> list(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, Permission.API_KEY_READ);
        return keys.findByWorkspaceIdOrderByCreatedAt(workspaceId).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public ApiKeyView get(Actor actor, String id) {
        ApiKey key = find(id);
        access.require(actor, key.getWorkspaceId(), Permission.API_KEY_READ);
        return view(key);
    }

    @Transactional
    public CreatedApiKey create(Actor actor, String workspaceId, ApiKeySpec spec) {
        access.require(actor, workspaceId, Permission.API_KEY_WRITE);
        Instant now = clock.instant();
        KeyTokens.Issued issued = unusedPrefix();
        ApiKey key = new ApiKey(Ids.newId("key"), workspaceId, Validation.name(spec.name(), "name"), issued.prefix(),
                issued.salt(), issued.hash(), actor.id(), now);
        key.setScopes(ApiKeyScopes.validate(spec.scopes()));
        key.setAllowedModels(ApiKeyScopes.validateModels(spec.allowedModels()));
        key.setDefaultConfigId(Validation.optional(spec.defaultConfigId(), "default_config_id", 200));
        key.setMetadata(Validation.map(spec.metadata(), "metadata"));
        key.setExpiresAt(futureOrNull(spec.expiresAt(), now));
        keys.save(key);
        ApiKeyView view = view(key);
        audit.record(actor, "api_key.create", workspaceId, "api_key", key.getId(), null, view, null);
        verifier.invalidate(issued.prefix());
        return new CreatedApiKey(view, issued.token());
    }

    @Transactional
    public ApiKeyView update(Actor actor, String id, ApiKeySpec spec) {
        ApiKey key = find(id);
        access.require(actor, key.getWorkspaceId(), Permission.API_KEY_WRITE);
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
        key.setUpdatedAt(clock.instant());
        keys.saveAndFlush(key);
        ApiKeyView after = view(key);
        audit.record(actor, "api_key.update", key.getWorkspaceId(), "api_key", id, before, after, null);
        verifier.invalidate(key.getPrefix());
        return after;
    }

    @Transactional
    public ApiKeyView revoke(Actor actor, String id) {
        ApiKey key = find(id);
        access.require(actor, key.getWorkspaceId(), Permission.API_KEY_WRITE);
        ApiKeyView before = view(key);
        if (key.getRevokedAt() == null) {
            key.setRevokedAt(clock.instant());
            key.setUpdatedAt(clock.instant());
            keys.saveAndFlush(key);
        }
        ApiKeyView after = view(key);
        audit.record(actor, "api_key.revoke", key.getWorkspaceId(), "api_key", id, before, after, null);
        verifier.invalidate(key.getPrefix());
        return after;
    }

    /** A new token for the same key id; the old token stops working at once. */
    @Transactional
    public CreatedApiKey rotate(Actor actor, String id) {
        ApiKey key = find(id);
        access.require(actor, key.getWorkspaceId(), Permission.API_KEY_WRITE);
        if (key.getRevokedAt() != null) {
            throw GovernanceException.conflict("API key '" + id + "' is revoked and cannot be rotated");
        }
        ApiKeyView before = view(key);
        String oldPrefix = key.getPrefix();
        KeyTokens.Issued issued = unusedPrefix();
        key.setSecret(issued.prefix(), issued.salt(), issued.hash());
        key.setUpdatedAt(clock.instant());
        keys.saveAndFlush(key);
        ApiKeyView after = view(key);
        audit.record(actor, "api_key.rotate", key.getWorkspaceId(), "api_key", id, before, after, null);
        verifier.invalidate(oldPrefix);
        verifier.invalidate(issued.prefix());
        return new CreatedApiKey(after, issued.token());
    }

    private KeyTokens.Issued unusedPrefix() {
        for (int i = 0; i < 5; i++) {
            KeyTokens.Issued issued = KeyTokens.issue(KeyTokens.GATEWAY_KIND);
            if (!keys.existsByPrefix(issued.prefix())) {
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

    private ApiKey find(String id) {
        return keys.findById(id).orElseThrow(() -> GovernanceException.notFound("API key", id));
    }

    ApiKeyView view(ApiKey k) {
        Instant now = clock.instant();
        String status = k.getRevokedAt() != null ? "revoked"
                : k.getExpiresAt() != null && !now.isBefore(k.getExpiresAt()) ? "expired" : "active";
        return new ApiKeyView(k.getId(), k.getWorkspaceId(), k.getName(),
                KeyTokens.GATEWAY_KIND + "-" + k.getPrefix(), status, k.getScopes(), k.getAllowedModels(),
                k.getDefaultConfigId(), k.getMetadata(), k.getExpiresAt(), k.getRevokedAt(), k.getCreatedBy(),
                k.getCreatedAt(), k.getUpdatedAt());
    }
}
