package io.llmgate.console;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.vaadin.flow.server.VaadinSession;

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

    public WorkspaceContext(WorkspaceService workspaces, CurrentUser user) {
        this.workspaces = workspaces;
        this.user = user;
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
