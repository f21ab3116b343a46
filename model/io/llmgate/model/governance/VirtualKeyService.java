package io.llmgate.model.governance;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.crypto.SecretCipher;
import io.llmgate.model.crypto.SecretValue;

/**
 * Virtual keys: a provider credential kept encrypted and referenced by id. The secret goes in on create and rotate
 * and comes out only through {@link #credential(String)}, for the upstream call. Rotation keeps the id and applies
 * to the next request.
 */
@Service
public class VirtualKeyService extends WorkspaceRecords<VirtualKey, VirtualKeyService.VirtualKeyView> {

    /** A virtual key as shown anywhere: never the secret. */
    @SnakeCaseJson
    public record VirtualKeyView(String id, String workspaceId, String name, String provider, String baseUrl,
                                 Map<String, String> settings, boolean enabled, Instant rotatedAt, String createdBy,
                                 Instant createdAt, Instant updatedAt) {
    }

    /** Fields of a virtual key; on update, null leaves a field as it is (the secret changes only by rotation). */
    @SnakeCaseJson
    public record VirtualKeySpec(String name, String provider, SecretValue secret, String baseUrl,
                                 Map<String, String> settings, Boolean enabled) {
    }

    /** What the gateway needs for an upstream call. {@code toString()} hides the secret. */
    public record Credential(String id, String workspaceId, String provider, String secret, String baseUrl,
                             Map<String, String> settings, boolean enabled) {
        @Override
        public String toString() {
            return "Credential[" + id + " " + provider + "]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VirtualKeyService.class);
    static final int MAX_SECRET = 2048;

    private final SecretCipher cipher;
    private final ObjectProvider<ProviderCatalog> providers;
    private final LoadingCache<String, Optional<VirtualKey>> cache;

    public VirtualKeyService(VirtualKeyRepository keys, AccessPolicy access, AuditService audit, SecretCipher cipher,
                             ObjectProvider<ProviderCatalog> providers, Clock clock, Ticker ticker,
                             GovernanceProperties properties, TransactionTemplate tx) {
        super(new Kind(Permission.VIRTUAL_KEY_READ, Permission.VIRTUAL_KEY_WRITE, "virtual_key", "virtual key"), keys,
                access, audit, clock);
        this.cipher = cipher;
        this.providers = providers;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).ticker(ticker)
                .expireAfterWrite(properties.getAuth().getCacheTtl())
                .build(id -> tx.execute(s -> keys.findById(id)));
    }

    @Transactional
    public VirtualKeyView create(Actor actor, String workspaceId, VirtualKeySpec spec) {
        requireWrite(actor, workspaceId);
        VirtualKey k = new VirtualKey(Ids.newId("vk"), workspaceId, Validation.name(spec.name(), "name"),
                provider(spec.provider()), actor.id(), clock.instant());
        k.setSecretCiphertext(cipher.encrypt(secret(spec.secret()), aad(k.getId())));
        k.setBaseUrl(baseUrl(spec.baseUrl()));
        k.setSettings(Validation.map(spec.settings(), "settings"));
        if (spec.enabled() != null) {
            k.setEnabled(spec.enabled());
        }
        repository.save(k);
        VirtualKeyView view = view(k);
        audited(actor, "create", k, null, view, null);
        LOG.info("virtual key {} ({}) created in workspace {} by {}", k.getId(), k.getProvider(), workspaceId,
                actor.name());
        invalidate(k.getId());
        return view;
    }

    @Transactional
    public VirtualKeyView update(Actor actor, String id, VirtualKeySpec spec) {
        VirtualKey k = writable(actor, id);
        if (spec.secret() != null) {
            throw GovernanceException.invalid("secret", "the secret changes only by rotation: POST "
                    + "/virtual-keys/{id}/rotate");
        }
        VirtualKeyView before = view(k);
        if (spec.name() != null) {
            k.setName(Validation.name(spec.name(), "name"));
        }
        if (spec.provider() != null) {
            k.setProvider(provider(spec.provider()));
        }
        if (spec.baseUrl() != null) {
            k.setBaseUrl(baseUrl(spec.baseUrl()));
        }
        if (spec.settings() != null) {
            k.setSettings(Validation.map(spec.settings(), "settings"));
        }
        if (spec.enabled() != null) {
            k.setEnabled(spec.enabled());
        }
        VirtualKeyView after = saveChanged(actor, "update", k, before, null);
        invalidate(id);
        return after;
    }

    /** Replaces the secret; the id stays, and the next request uses the new secret. */
    @Transactional
    public VirtualKeyView rotate(Actor actor, String id, SecretValue secret) {
        VirtualKey k = writable(actor, id);
        VirtualKeyView before = view(k);
        k.setSecretCiphertext(cipher.encrypt(secret(secret), aad(id)));
        k.setRotatedAt(clock.instant());
        VirtualKeyView after = saveChanged(actor, "rotate", k, before, "secret replaced");
        LOG.info("virtual key {} rotated by {}", id, actor.name());
        invalidate(id);
        return after;
    }

    @Transactional
    public void delete(Actor actor, String id) {
        deleteAudited(actor, writable(actor, id));
        invalidate(id);
    }

    /** The decrypted credential for the gateway (cached ciphertext, decrypted per call); empty when unknown. */
    public Optional<Credential> credential(String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        return cache.get(id).map(k -> new Credential(k.getId(), k.getWorkspaceId(), k.getProvider(),
                cipher.decrypt(k.getSecretCiphertext(), aad(k.getId())), k.getBaseUrl(),
                k.getSettings() == null ? Map.of() : k.getSettings(), k.isEnabled()));
    }

    /** The workspace owning the key, empty when unknown; from the cache, nothing decrypted. */
    public Optional<String> workspaceOf(String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        return cache.get(id).map(VirtualKey::getWorkspaceId);
    }

    private void invalidate(String id) {
        ChangeNotifier.afterCommit(() -> cache.invalidate(id));
    }

    static String aad(String id) {
        return "virtual_key:" + id;
    }

    private String provider(String provider) {
        if (provider == null || provider.isBlank()) {
            throw GovernanceException.invalid("provider", "'provider' is required");
        }
        ProviderCatalog catalog = providers.getIfAvailable();
        return catalog == null ? provider.trim().toLowerCase() : catalog.canonical(provider);
    }

    private static String secret(SecretValue secret) {
        if (secret == null || secret.isBlank()) {
            throw GovernanceException.invalid("secret", "'secret' (the provider API key) is required");
        }
        if (secret.reveal().length() > MAX_SECRET) {
            throw GovernanceException.invalid("secret", "'secret' must be at most " + MAX_SECRET + " characters");
        }
        return secret.reveal().trim();
    }

    private static String baseUrl(String url) {
        String u = Validation.optional(url, "base_url", 1000);
        if (u == null) {
            return null;
        }
        try {
            URI uri = URI.create(u);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw GovernanceException.invalid("base_url", "'base_url' must be an http(s) URL");
        }
        return u;
    }

    @Override
    protected VirtualKeyView view(VirtualKey k) {
        return new VirtualKeyView(k.getId(), k.getWorkspaceId(), k.getName(), k.getProvider(), k.getBaseUrl(),
                k.getSettings(), k.isEnabled(), k.getRotatedAt(), k.getCreatedBy(), k.getCreatedAt(),
                k.getUpdatedAt());
    }
}
