package io.llmgate.model.governance;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks gateway API keys on the request path. Rows are cached by prefix (misses too), so a check is a hash and a
 * map lookup; changes on this node invalidate at once, changes made elsewhere apply within
 * {@code gateway.auth.cache-ttl}.
 */
@Component
public class GatewayKeyVerifier {

    public enum Status { OK, MALFORMED, UNKNOWN, EXPIRED, REVOKED }

    public record Verification(Status status, ApiKeyRecord key) {
    }

    private final LoadingCache<String, Optional<ApiKeyRecord>> cache;
    private final Clock clock;

    public GatewayKeyVerifier(ApiKeyRepository keys, WorkspaceRepository workspaces, TransactionTemplate tx,
                              GovernanceProperties properties, Clock clock, Ticker ticker) {
        this.clock = clock;
        this.cache = GovernanceCaches.loading(properties.getAuth().getCacheMaxSize(),
                properties.getAuth().getCacheTtl(), ticker, prefix -> tx.execute(s -> keys.findByHashPrefix(prefix).map(k -> new ApiKeyRecord(k.getId(),
                        k.getName(), k.getWorkspaceId(),
                        workspaces.findById(k.getWorkspaceId()).map(Workspace::getOrganizationId).orElse(null),
                        k.getHash().getSalt(), k.getHash().getSecretHash(), Set.copyOf(k.getScopes()), k.getAllowedModels(),
                        k.getDefaultConfigId(), k.getMetadata(), k.getExpiresAt(), k.getRevokedAt()))));
    }

    public Verification verify(String token) {
        KeyTokens.Parsed parsed = KeyTokens.parse(token);
        if (parsed == null || !parsed.kind().equals(KeyTokens.GATEWAY_KIND)) {
            return new Verification(Status.MALFORMED, null);
        }
        ApiKeyRecord key = cache.get(parsed.prefix()).orElse(null);
        if (key == null || !KeyTokens.matches(token, key.salt(), key.hash())) {
            return new Verification(Status.UNKNOWN, null);
        }
        if (key.revokedAt() != null) {
            return new Verification(Status.REVOKED, key);
        }
        if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
            return new Verification(Status.EXPIRED, key);
        }
        return new Verification(Status.OK, key);
    }

    /** Forgets a prefix once the current transaction commits. */
    public void invalidate(String prefix) {
        ChangeNotifier.afterCommit(() -> cache.invalidate(prefix));
    }
}
