package io.llmgate.model.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/**
 * Admin API keys ({@code lga-...}): each acts for one user with that user's roles. Users manage their own keys;
 * organisation admins see and revoke everyone's.
 */
@Service
public class AdminKeyService {

    @SnakeCaseJson
    public record AdminKeyView(String id, String userId, String name, String prefix, String status,
                               Instant expiresAt, Instant revokedAt, Instant createdAt) {
    }

    /** In JSON one flat object: the key's fields and {@code key}, shown this once. */
    @SnakeCaseJson
    public record CreatedAdminKey(@JsonUnwrapped AdminKeyView adminKey, String key) {
        @Override
        public String toString() {
            return "CreatedAdminKey[" + adminKey.id() + "]";
        }
    }

    /** A valid admin key and the (enabled) user it acts for. */
    public record Authenticated(String keyId, String keyName, AppUser user) {
    }

    private final AdminApiKeyRepository keys;
    private final AppUserRepository users;
    private final AuditService audit;
    private final Clock clock;

    public AdminKeyService(AdminApiKeyRepository keys, AppUserRepository users, AuditService audit, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks a presented admin key; empty when it is malformed, unknown, revoked, expired or its user disabled. */
    @Transactional(readOnly = true)
    public Optional<Authenticated> authenticate(String token) {
        KeyTokens.Parsed parsed = KeyTokens.parse(token);
        if (parsed == null || !parsed.kind().equals(KeyTokens.ADMIN_KIND)) {
            return Optional.empty();
        }
        return keys.findByHashPrefix(parsed.prefix())
                .filter(k -> k.getHash().matches(token))
                .filter(k -> k.getRevokedAt() == null)
                .filter(k -> k.getExpiresAt() == null || clock.instant().isBefore(k.getExpiresAt()))
                .flatMap(k -> users.findById(k.getUserId()).filter(AppUser::isEnabled)
                        .map(u -> new Authenticated(k.getId(), k.getName(), u)));
    }

    @Transactional(readOnly = true)
    public List<AdminKeyView> list(Actor actor) {
        List<AdminApiKey> list = actor.orgAdmin() ? keys.findAllByOrderByCreatedAt()
                : keys.findByUserIdOrderByCreatedAt(actor.userId());
        return list.stream().map(this::view).toList();
    }

    /** A key for the actor's own user, or (organisation admins) for another user. */
    @Transactional
    public CreatedAdminKey create(Actor actor, String name, String forUserId, Instant expiresAt) {
        String userId = forUserId == null ? actor.userId() : forUserId;
        if (userId == null) {
            throw GovernanceException.invalid("user_id", "'user_id' is required");
        }
        if (!userId.equals(actor.userId())) {
            if (!actor.orgAdmin()) {
                throw GovernanceException.forbidden("only organisation admins may create admin keys for others");
            }
            users.findById(userId).orElseThrow(() -> GovernanceException.notFound("user", userId));
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw GovernanceException.invalid("expires_at", "'expires_at' must be in the future");
        }
        KeyTokens.Issued issued;
        do {
            issued = KeyTokens.issue(KeyTokens.ADMIN_KIND);
        } while (keys.existsByHashPrefix(issued.prefix()));
        return save(actor, userId, Validation.name(name, "name"), issued, expiresAt);
    }

    /** Registers a key given from outside (bootstrap's LLMGATE_ADMIN_API_KEY) for a user, if not there yet. */
    @Transactional
    public void ensureBootstrapKey(String userId, String token) {
        KeyTokens.Parsed parsed = KeyTokens.parse(token);
        if (parsed == null || !parsed.kind().equals(KeyTokens.ADMIN_KIND)) {
            throw new IllegalStateException("gateway.bootstrap.admin-api-key (LLMGATE_ADMIN_API_KEY) must look like "
                    + "lga-<8 lower-case letters or digits>-<at least 32 characters>");
        }
        if (keys.findByHashPrefix(parsed.prefix()).isEmpty()) {
            save(Actor.system("bootstrap"), userId, "bootstrap", KeyTokens.stored(token), null);
        }
    }

    @Transactional
    public AdminKeyView revoke(Actor actor, String id) {
        AdminApiKey k = keys.findById(id).orElseThrow(() -> GovernanceException.notFound("admin key", id));
        if (!actor.orgAdmin() && !k.getUserId().equals(actor.userId())) {
            throw GovernanceException.notFound("admin key", id);
        }
        AdminKeyView before = view(k);
        if (k.getRevokedAt() == null) {
            k.setRevokedAt(clock.instant());
            keys.saveAndFlush(k);
        }
        AdminKeyView after = view(k);
        audit.record(actor, "admin_key.revoke", null, "admin_key", id, before, after, null);
        return after;
    }

    @Transactional(readOnly = true)
    public boolean any() {
        return keys.count() > 0;
    }

    private CreatedAdminKey save(Actor actor, String userId, String name, KeyTokens.Issued issued, Instant expiresAt) {
        AdminApiKey k = keys.save(new AdminApiKey(Ids.newId("akey"), userId, name, new KeyHash(issued), expiresAt,
                clock.instant()));
        AdminKeyView view = view(k);
        audit.record(actor, "admin_key.create", null, "admin_key", k.getId(), null, view, null);
        return new CreatedAdminKey(view, issued.token());
    }

    private AdminKeyView view(AdminApiKey k) {
        String status = k.getRevokedAt() != null ? "revoked"
                : k.getExpiresAt() != null && !clock.instant().isBefore(k.getExpiresAt()) ? "expired" : "active";
        return new AdminKeyView(k.getId(), k.getUserId(), k.getName(), KeyTokens.ADMIN_KIND + "-" + k.getPrefix(),
                status, k.getExpiresAt(), k.getRevokedAt(), k.getCreatedAt());
    }
}
