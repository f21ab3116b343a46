package io.llmgate.model.governance;

/**
 * What may be done in a workspace, and the weakest role that may do it. Organisation admins may do everything
 * everywhere. This table is the RBAC matrix; the console and the admin API both go through {@link AccessPolicy}.
 */
public enum Permission {
    WORKSPACE_READ(Role.VIEWER, "see this workspace"),
    WORKSPACE_UPDATE(Role.OWNER, "change this workspace"),
    MEMBER_READ(Role.VIEWER, "see the members"),
    MEMBER_MANAGE(Role.ADMIN, "manage members and roles"),
    API_KEY_READ(Role.VIEWER, "see API keys"),
    API_KEY_WRITE(Role.MEMBER, "create, change or revoke API keys"),
    VIRTUAL_KEY_READ(Role.VIEWER, "see virtual keys"),
    VIRTUAL_KEY_WRITE(Role.ADMIN, "create, change, rotate or delete virtual keys"),
    CONFIG_READ(Role.VIEWER, "see routing configs"),
    CONFIG_WRITE(Role.MEMBER, "create or change routing configs"),
    BUDGET_READ(Role.VIEWER, "see budgets"),
    BUDGET_WRITE(Role.ADMIN, "create, change or delete budgets"),
    RATE_LIMIT_READ(Role.VIEWER, "see rate limits"),
    RATE_LIMIT_WRITE(Role.ADMIN, "create, change or delete rate limits"),
    AUDIT_READ(Role.ADMIN, "search the audit trail"),
    LOG_READ(Role.VIEWER, "read request logs, usage and statistics");

    private final Role minimum;
    private final String description;

    Permission(Role minimum, String description) {
        this.minimum = minimum;
        this.description = description;
    }

    public Role minimum() { return minimum; }
    public String description() { return description; }
}
