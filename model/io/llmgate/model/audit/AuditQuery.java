package io.llmgate.model.audit;

import java.time.Instant;

/**
 * Filters for an audit search; null means "any". {@code action} matches exactly or, ending in {@code *}, as a
 * prefix ({@code api_key.*}).
 */
public record AuditQuery(String workspaceId, String action, String actorId, String targetType, String targetId,
                         String outcome, Instant from, Instant to, int page, int size) {

    public AuditQuery {
        page = Math.max(0, page);
        size = size <= 0 ? 50 : Math.min(size, 500);
    }
}
