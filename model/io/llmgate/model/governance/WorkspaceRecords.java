package io.llmgate.model.governance;

import java.time.Clock;
import java.util.List;

import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/**
 * The reads every service of {@link WorkspaceOwned} records shares. A record is loaded first and then authorised on
 * its own workspace, so the workspace that is checked is the one the record belongs to.
 *
 * @param <E> the entity
 * @param <V> how admins see it
 */
public abstract class WorkspaceRecords<E extends WorkspaceOwned, V> {

    /** What the records are: permissions, the audit target type ({@code budget}) and the name in errors. */
    public record Kind(Permission read, Permission write, String auditType, String label) {
    }

    protected final WorkspaceOwnedRepository<E> repository;
    protected final AccessPolicy access;
    protected final AuditService audit;
    protected final Clock clock;
    private final Kind kind;

    protected WorkspaceRecords(Kind kind, WorkspaceOwnedRepository<E> repository, AccessPolicy access,
                               AuditService audit, Clock clock) {
        this.kind = kind;
        this.repository = repository;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    protected abstract V view(E record);

    @Transactional(readOnly = true)
    public List<V> list(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, kind.read());
        return repository.findByWorkspaceIdOrderByCreatedAt(workspaceId).stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public V get(Actor actor, String id) {
        return view(readable(actor, id));
    }

    /** The record, once the actor may read its workspace. */
    protected E readable(Actor actor, String id) {
        E record = find(id);
        access.require(actor, record.getWorkspaceId(), kind.read());
        return record;
    }

    /** The record, once the actor may change its workspace. */
    protected E writable(Actor actor, String id) {
        E record = find(id);
        access.require(actor, record.getWorkspaceId(), kind.write());
        return record;
    }

    protected void requireWrite(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, kind.write());
    }

    /** Audits {@code <auditType>.<verb>} on the record's workspace. */
    protected void audited(Actor actor, String verb, E record, V before, V after, String detail) {
        audit.record(actor, kind.auditType() + "." + verb, record.getWorkspaceId(), kind.auditType(), record.getId(),
                before, after, detail);
    }

    /** Saves a changed record with a new update time, audits {@code verb} from {@code before}; the record now. */
    protected V saveChanged(Actor actor, String verb, E record, V before, String detail) {
        record.setUpdatedAt(clock.instant());
        repository.saveAndFlush(record);
        V after = view(record);
        audited(actor, verb, record, before, after, detail);
        return after;
    }

    /** Deletes the record and audits it. */
    protected void deleteAudited(Actor actor, E record) {
        V before = view(record);
        repository.delete(record);
        audited(actor, "delete", record, before, null, null);
    }

    protected E find(String id) {
        return repository.findById(id).orElseThrow(() -> GovernanceException.notFound(kind.label(), id));
    }
}
