package io.llmgate.console.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.audit.AuditEventView;
import io.llmgate.model.audit.AuditPage;
import io.llmgate.model.audit.AuditQuery;
import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.GovernanceException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

/** Read-only: the audit trail has no endpoint that changes or deletes a record. */
@Tag(name = "Audit trail")
@RestController
@RequestMapping("/admin/api/audit")
public class AuditController {

    private final AuditService audit;
    private final AdminActors actors;

    public AuditController(AuditService audit, AdminActors actors) {
        this.audit = audit;
        this.actors = actors;
    }

    /**
     * Without {@code workspace_id}, the events of every workspace where the caller may read the audit trail
     * (organisation admins: all, with the organisation's own); the workspace comes from {@link
     * AdminScopes#workspaceParam} like everywhere else.
     */
    @Operation(summary = "Search the audit trail, newest first; action may end in * (api_key.*)")
    @Parameter(name = AdminScopes.PARAM, in = ParameterIn.QUERY, description = "one workspace (alias: workspace)")
    @GetMapping
    public ApiList<AuditEventView> search(@RequestParam(required = false) String action,
                                          @RequestParam(name = "actor_id", required = false) String actorId,
                                          @RequestParam(name = "target_type", required = false) String targetType,
                                          @RequestParam(name = "target_id", required = false) String targetId,
                                          @RequestParam(required = false) String outcome,
                                          @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to,
                                          @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "50") int size,
                                          HttpServletRequest http) {
        AuditPage result = audit.search(actors.current(http), new AuditQuery(AdminScopes.workspaceParam(http),
                action, actorId, targetType, targetId, outcome, instant(from, "from"), instant(to, "to"), page, size));
        return ApiList.page(result.events(), result.page(), result.size(),
                (long) (result.page() + 1) * result.size() < result.total(), result.total());
    }

    private static Instant instant(String value, String param) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw GovernanceException.invalid(param, "'" + param + "' must be an ISO-8601 instant such as "
                    + "2025-01-31T00:00:00Z");
        }
    }
}
