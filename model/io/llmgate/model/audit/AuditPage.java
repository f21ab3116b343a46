package io.llmgate.model.audit;

import java.util.List;

/** One page of audit records, newest first. */
public record AuditPage(List<AuditEventView> events, int page, int size, long total) {
}
