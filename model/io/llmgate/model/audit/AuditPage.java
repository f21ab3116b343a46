package io.llmgate.model.audit;

import io.llmgate.model.governance.SnakeCaseJson;
import java.util.List;

/** One page of audit records, newest first. */
@SnakeCaseJson
public record AuditPage(List<AuditEventView> events, int page, int size, long total) {
}
