package io.llmgate.model.audit;

import java.time.Instant;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One audit record: who did what to which target, when, from where, and with what outcome. Immutable: Hibernate
 * never updates a row, and {@link AuditRepository} offers no update or delete.
 */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;
    @Column(name = "workspace_id")
    private String workspaceId;
    @Column(name = "actor_type", nullable = false)
    private String actorType;
    @Column(name = "actor_id")
    private String actorId;
    @Column(name = "actor_name")
    private String actorName;
    @Column(nullable = false)
    private String action;
    @Column(name = "target_type")
    private String targetType;
    @Column(name = "target_id")
    private String targetId;
    @Column(nullable = false)
    private String outcome;
    private String detail;
    @Column(name = "before_state")
    private String beforeState;
    @Column(name = "after_state")
    private String afterState;
    @Column(name = "source_ip")
    private String sourceIp;
    @Column(name = "request_id")
    private String requestId;

    protected AuditEvent() {
    }

    public AuditEvent(Instant occurredAt, String workspaceId, String actorType, String actorId, String actorName,
                      String action, String targetType, String targetId, String outcome, String detail,
                      String beforeState, String afterState, String sourceIp, String requestId) {
        this.occurredAt = occurredAt;
        this.workspaceId = workspaceId;
        this.actorType = actorType;
        this.actorId = actorId;
        this.actorName = truncate(actorName, 200);
        this.action = action;
        this.targetType = targetType;
        this.targetId = truncate(targetId, 200);
        this.outcome = outcome;
        this.detail = truncate(detail, 2000);
        this.beforeState = beforeState;
        this.afterState = afterState;
        this.sourceIp = truncate(sourceIp, 100);
        this.requestId = truncate(requestId, 128);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public Long getId() { return id; }
    public Instant getOccurredAt() { return occurredAt; }
    public String getWorkspaceId() { return workspaceId; }
    public String getActorType() { return actorType; }
    public String getActorId() { return actorId; }
    public String getActorName() { return actorName; }
    public String getAction() { return action; }
    public String getTargetType() { return targetType; }
    public String getTargetId() { return targetId; }
    public String getOutcome() { return outcome; }
    public String getDetail() { return detail; }
    public String getBeforeState() { return beforeState; }
    public String getAfterState() { return afterState; }
    public String getSourceIp() { return sourceIp; }
    public String getRequestId() { return requestId; }
}
