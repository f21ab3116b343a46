package io.llmgate.console;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.vaadin.flow.server.VaadinSession;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.governance.WorkspaceService;

/**
 * The workspace the console works in, per browser session: chosen in the header, first visible one by default.
 * Workspace-scoped views (keys, configs, budgets, logs, dashboard) read it.
 */
@Component
public class WorkspaceContext {

    private static final String ATTRIBUTE = "llmgate.workspace";

    private final WorkspaceService workspaces;
    private final CurrentUser user;
    private final AccessPolicy access;

    public WorkspaceContext(WorkspaceService workspaces, CurrentUser user, AccessPolicy access) {
        this.workspaces = workspaces;
        this.user = user;
        this.access = access;
    }

    /**
     * What the logs, dashboard and health views may read: the selected workspace, or every workspace when an
     * organisation admin asks for all; empty when the user may read none (no workspace is no licence to see all).
     * The same {@link AccessPolicy#scope} check as the admin API.
     */
    public Optional<WorkspaceScope> logScope(boolean allWorkspaces) {
        boolean all = allWorkspaces && user.orgAdmin();
        String ws = all ? null : currentId();
        if (ws == null && !all) {
            return Optional.empty();
        }
        try {
            return Optional.of(access.scope(user.actor(), ws, Permission.LOG_READ));
        } catch (GovernanceException e) {
            return Optional.empty();
        }
    }

    public List<WorkspaceService.WorkspaceView> visible() {
        return workspaces.list(user.actor());
    }

    /** The selected workspace, if the user can see any. */
    public Optional<WorkspaceService.WorkspaceView> current() {
        List<WorkspaceService.WorkspaceView> all = visible();
        VaadinSession session = VaadinSession.getCurrent();
        Object id = session == null ? null : session.getAttribute(ATTRIBUTE);
        return all.stream().filter(w -> w.id().equals(id)).findFirst().or(() -> all.stream().findFirst());
    }

    public String currentId() {
        return current().map(WorkspaceService.WorkspaceView::id).orElse(null);
    }

    public void select(String workspaceId) {
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, workspaceId);
    }
}
