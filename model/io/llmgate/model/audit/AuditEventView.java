package io.llmgate.model.audit;

import io.llmgate.model.governance.SnakeCaseJson;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** An audit record as the admin API and console show it. */
@SnakeCaseJson
public record AuditEventView(long id, Instant occurredAt, String workspaceId, String actorType, String actorId,
                             String actorName, String action, String targetType, String targetId, String outcome,
                             String detail, JsonNode before, JsonNode after, String sourceIp, String requestId) {
}
