package io.llmgate.model.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.writer.BatchWriter;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/**
 * Writes and searches the audit trail. Changes are recorded in the transaction that makes them (both or neither
 * are saved); denied gateway requests go through a {@link BatchWriter} so the request does not wait for the
 * database. Audit records are not dropped: when the queue is full the request waits for room.
 * Callers pass safe views (never secrets) as before/after states.
 */
@Service
public class AuditService implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    public static final String SUCCESS = "SUCCESS";
    public static final String DENIED = "DENIED";
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    private final AuditRepository repository;
    private final AccessPolicy access;
    private final ObjectMapper json;
    private final Clock clock;
    private final BatchWriter<AuditEvent> writer;

    @PersistenceContext
    private EntityManager em;

    public AuditService(AuditRepository repository, AccessPolicy access, ObjectMapper json, Clock clock,
                        TransactionTemplate transactions, MeterRegistry meters) {
        this.repository = repository;
        this.access = access;
        this.json = json;
        this.clock = clock;
        this.writer = new BatchWriter<>("audit", 50_000, 500,
                batch -> transactions.executeWithoutResult(tx -> repository.saveAll(batch)),
                BatchWriter.daemonThread("audit-writer"), meters);
    }

    /** Records a change in the caller's transaction. */
    @Transactional
    public void record(Actor actor, String action, String workspaceId, String targetType, String targetId,
                       Object before, Object after, String detail) {
        repository.save(event(actor, action, workspaceId, targetType, targetId, SUCCESS, before, after, detail, null));
    }

    /** Records a refused gateway request (401/403/429) without waiting for the database. */
    public void recordDenied(Actor actor, String workspaceId, String reasonCode, String detail, String requestId) {
        AuditEvent e = event(actor, "request.denied", workspaceId, "request", reasonCode, DENIED, null, null, detail,
                requestId);
        if (!writer.put(e)) {
            LOG.warn("audit writer closed: denied request {} not recorded", requestId);
        }
    }

    /** Records something that happened on its own (budget alerts), in a transaction of its own if none is open. */
    @Transactional
    public void recordSystem(String action, String workspaceId, String targetType, String targetId, String detail) {
        repository.save(event(Actor.system("llmgate"), action, workspaceId, targetType, targetId, SUCCESS, null, null,
                detail, null));
    }

    /** Waits until queued records are written (tests, shutdown). */
    public void flush() {
        writer.flush(FLUSH_WAIT);
    }

    @Transactional(readOnly = true)
    public AuditPage search(Actor actor, AuditQuery q) {
        Set<String> visible = null; // null: every workspace and organisation-level events
        if (!actor.orgAdmin()) {
            visible = access.workspacesWith(actor, Permission.AUDIT_READ);
            if (q.workspaceId() != null) {
                access.require(actor, q.workspaceId(), Permission.AUDIT_READ);
            }
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AuditEvent> query = cb.createQuery(AuditEvent.class);
        Root<AuditEvent> root = query.from(AuditEvent.class);
        query.where(filters(cb, root, q, visible)).orderBy(cb.desc(root.get("occurredAt")), cb.desc(root.get("id")));
        List<AuditEvent> rows = em.createQuery(query).setFirstResult(q.page() * q.size()).setMaxResults(q.size())
                .getResultList();
        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<AuditEvent> countRoot = count.from(AuditEvent.class);
        count.select(cb.count(countRoot)).where(filters(cb, countRoot, q, visible));
        long total = em.createQuery(count).getSingleResult();
        return new AuditPage(rows.stream().map(this::view).toList(), q.page(), q.size(), total);
    }

    private static Predicate[] filters(CriteriaBuilder cb, Root<AuditEvent> root, AuditQuery q, Set<String> visible) {
        List<Predicate> p = new ArrayList<>();
        if (visible != null) {
            p.add(visible.isEmpty() ? cb.disjunction() : root.get("workspaceId").in(visible));
        }
        if (q.workspaceId() != null) {
            p.add(cb.equal(root.get("workspaceId"), q.workspaceId()));
        }
        if (q.action() != null) {
            p.add(q.action().endsWith("*")
                    ? cb.like(root.get("action"), q.action().substring(0, q.action().length() - 1)
                            .replace("%", "").replace("_", "\\_") + "%", '\\')
                    : cb.equal(root.get("action"), q.action()));
        }
        if (q.actorId() != null) {
            p.add(cb.equal(root.get("actorId"), q.actorId()));
        }
        if (q.targetType() != null) {
            p.add(cb.equal(root.get("targetType"), q.targetType()));
        }
        if (q.targetId() != null) {
            p.add(cb.equal(root.get("targetId"), q.targetId()));
        }
        if (q.outcome() != null) {
            p.add(cb.equal(root.get("outcome"), q.outcome().toUpperCase()));
        }
        if (q.from() != null) {
            p.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), q.from()));
        }
        if (q.to() != null) {
            p.add(cb.lessThan(root.get("occurredAt"), q.to()));
        }
        return p.toArray(Predicate[]::new);
    }

    private AuditEventView view(AuditEvent e) {
        return new AuditEventView(e.getId(), e.getOccurredAt(), e.getWorkspaceId(), e.getActorType(), e.getActorId(),
                e.getActorName(), e.getAction(), e.getTargetType(), e.getTargetId(), e.getOutcome(), e.getDetail(),
                parse(e.getBeforeState()), parse(e.getAfterState()), e.getSourceIp(), e.getRequestId());
    }

    private JsonNode parse(String state) {
        if (state == null) {
            return null;
        }
        try {
            return json.readTree(state);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(state);
        }
    }

    private AuditEvent event(Actor actor, String action, String workspaceId, String targetType, String targetId,
                             String outcome, Object before, Object after, String detail, String requestId) {
        return new AuditEvent(clock.instant(), workspaceId, actor.type().name(), actor.id(), actor.name(), action,
                targetType, targetId, outcome, detail, write(before), write(after), actor.sourceIp(), requestId);
    }

    private String write(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize audit state of " + state.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void destroy() {
        writer.close(FLUSH_WAIT);
    }
}
