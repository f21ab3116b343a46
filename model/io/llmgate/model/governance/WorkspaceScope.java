package io.llmgate.model.governance;

import java.util.Objects;

/**
 * Whose data one read may see: a single workspace, or every workspace (organisation admins and the system only).
 * Made by {@link AccessPolicy#scope} after the RBAC check, once per request; queries filter by workspace from this
 * object alone, so no second request parameter can widen or move what they return.
 */
public final class WorkspaceScope {

    private static final WorkspaceScope ALL = new WorkspaceScope(null);

    private final String workspaceId;

    private WorkspaceScope(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    static WorkspaceScope of(String workspaceId) {
        return workspaceId == null ? ALL : new WorkspaceScope(workspaceId);
    }

    /** Every workspace, for the system's own reads (retention, benchmarks); never for a caller's request. */
    public static WorkspaceScope unrestricted() {
        return ALL;
    }

    public boolean all() {
        return workspaceId == null;
    }

    /** The one workspace; null when the scope is every workspace. */
    public String workspaceId() {
        return workspaceId;
    }

    public boolean includes(String workspace) {
        return workspaceId == null || workspaceId.equals(workspace);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkspaceScope s && Objects.equals(workspaceId, s.workspaceId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(workspaceId);
    }

    @Override
    public String toString() {
        return workspaceId == null ? "WorkspaceScope[all]" : "WorkspaceScope[" + workspaceId + "]";
    }
}
