package io.llmgate.model.governance;

import java.time.Clock;
import java.time.Instant;

import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/**
 * Define, change and delete the {@link ScopedLimit}s of a workspace (budgets, rate limits), RBAC-checked and
 * audited, with the one check of what a scope may reference. Subclasses add their own fields.
 *
 * @param <E> the entity
 * @param <V> how admins see it
 * @param <S> its fields as sent by admins
 */
public abstract class ScopedLimitService<E extends ScopedLimit, V, S extends ScopedLimitService.Spec>
        extends WorkspaceRecords<E, V> {

    /** The fields every limit has; on update, null leaves a field as it is. */
    public interface Spec {
        String name();

        String scopeType();

        String scopeRef();

        Boolean enabled();
    }

    /** Makes a new, empty limit: the entity's constructor. */
    @FunctionalInterface
    public interface Factory<E> {
        E create(String id, String workspaceId, Instant now);
    }

    private final Factory<E> factory;
    private final ApiKeyRepository apiKeys;
    private final VirtualKeyRepository virtualKeys;
    private final String idPrefix;
    private final String label;

    protected ScopedLimitService(Kind kind, String idPrefix, Factory<E> factory,
                                 WorkspaceOwnedRepository<E> repository, ApiKeyRepository apiKeys,
                                 VirtualKeyRepository virtualKeys, AccessPolicy access, AuditService audit,
                                 Clock clock) {
        super(kind, repository, access, audit, clock);
        this.idPrefix = idPrefix;
        this.factory = factory;
        this.label = kind.label();
        this.apiKeys = apiKeys;
        this.virtualKeys = virtualKeys;
    }

    /** Rejects a spec that lacks what a new limit needs. */
    protected abstract void requireComplete(S spec);

    /** Applies the subclass's own fields. */
    protected abstract void applyFields(E limit, S spec);

    /** Drops what the enforcers hold for the workspace; runs after commit. */
    protected abstract void invalidate(String workspaceId);

    @Transactional
    public V create(Actor actor, String workspaceId, S spec) {
        requireWrite(actor, workspaceId);
        requireComplete(spec);
        E limit = factory.create(Ids.newId(idPrefix), workspaceId, clock.instant());
        apply(limit, spec);
        repository.save(limit);
        V view = view(limit);
        audited(actor, "create", limit, null, view, null);
        changed(workspaceId);
        return view;
    }

    @Transactional
    public V update(Actor actor, String id, S spec) {
        E limit = writable(actor, id);
        V before = view(limit);
        apply(limit, spec);
        V after = saveChanged(actor, "update", limit, before, null);
        changed(limit.getWorkspaceId());
        return after;
    }

    @Transactional
    public void delete(Actor actor, String id) {
        E limit = writable(actor, id);
        deleteAudited(actor, limit);
        changed(limit.getWorkspaceId());
    }

    private void changed(String workspaceId) {
        ChangeNotifier.afterCommit(() -> invalidate(workspaceId));
    }

    private void apply(E limit, S spec) {
        if (spec.name() != null) {
            if (spec.name().isBlank() || spec.name().length() > 200) {
                throw GovernanceException.invalid("name", "'name' must have 1 to 200 characters");
            }
            limit.setName(spec.name().trim());
        }
        if (spec.scopeType() != null) {
            limit.setScopeType(ScopeType.parse(spec.scopeType()));
            limit.setScopeRef(spec.scopeRef());
        } else if (spec.scopeRef() != null) {
            limit.setScopeRef(spec.scopeRef());
        }
        limit.setScopeRef(checkScope(limit.getWorkspaceId(), limit.getScopeType(), limit.getScopeRef()));
        if (spec.enabled() != null) {
            limit.setEnabled(spec.enabled());
        }
        applyFields(limit, spec);
    }

    /** The scope reference to store: keys must be of this workspace; {@code *} counts each key or user apart. */
    private String checkScope(String workspaceId, ScopeType type, String ref) {
        String v = ref == null ? null : ref.trim();
        return switch (type) {
            case WORKSPACE -> null;
            case USER -> {
                if (v == null || v.isEmpty() || v.length() > 200) {
                    throw GovernanceException.invalid("scope_ref", "a user " + label + " needs scope_ref: the user "
                            + "(from request metadata) or * for each user");
                }
                yield v;
            }
            case API_KEY -> {
                if (v == null || (!v.equals("*") && apiKeys.findById(v)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be an API key id of this "
                            + "workspace, or * for each API key");
                }
                yield v;
            }
            case VIRTUAL_KEY -> {
                if (v == null || (!v.equals("*") && virtualKeys.findById(v)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be a virtual key id of this "
                            + "workspace, or * for each virtual key");
                }
                yield v;
            }
        };
    }
}
