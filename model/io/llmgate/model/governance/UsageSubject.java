package io.llmgate.model.governance;

/**
 * Whom a gateway request is counted against: its workspace, API key, virtual key (when known) and end user (from
 * the request metadata). Null fields are unknown and match no scope of that type. With {@code virtualKeyOnly} only
 * virtual-key budgets and limits apply (a virtual key chosen later by routing, the rest being counted already).
 */
public record UsageSubject(String workspaceId, String apiKeyId, String virtualKeyId, String user,
                           boolean virtualKeyOnly) {

    public UsageSubject(String workspaceId, String apiKeyId, String virtualKeyId, String user) {
        this(workspaceId, apiKeyId, virtualKeyId, user, false);
    }

    /** Only the virtual-key rules of the workspace, for one virtual key. */
    public static UsageSubject virtualKey(String workspaceId, String virtualKeyId) {
        return new UsageSubject(workspaceId, null, virtualKeyId, null, true);
    }

    /** The id this subject has for a scope type, or null. */
    public String idFor(ScopeType type) {
        return switch (type) {
            case API_KEY -> apiKeyId;
            case VIRTUAL_KEY -> virtualKeyId;
            case WORKSPACE -> workspaceId;
            case USER -> user;
        };
    }

    /**
     * The counter a rule with this scope uses for this subject: "" for a rule naming one key/user/the workspace,
     * the subject's own id for a {@code *} rule; null when the rule does not apply.
     */
    public String counterFor(ScopeType type, String scopeRef) {
        if (virtualKeyOnly && type != ScopeType.VIRTUAL_KEY) {
            return null;
        }
        String id = idFor(type);
        if (id == null) {
            return null;
        }
        if (type == ScopeType.WORKSPACE) {
            return "";
        }
        if ("*".equals(scopeRef)) {
            return id;
        }
        return id.equals(scopeRef) ? "" : null;
    }
}
