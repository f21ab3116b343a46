package io.llmgate.model.governance;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The RBAC decisions: which role an actor has in a workspace and whether that role grants a {@link Permission}.
 * Organisation admins (and the system) have every right; everyone else has exactly the role of their membership.
 */
@Component
public class AccessPolicy {

    private final WorkspaceMemberRepository members;
    private final WorkspaceRepository workspaces;

    public AccessPolicy(WorkspaceMemberRepository members, WorkspaceRepository workspaces) {
        this.members = members;
        this.workspaces = workspaces;
    }

    /** The actor's role in the workspace; empty when it has none. */
    @Transactional(readOnly = true)
    public Optional<Role> roleIn(Actor actor, String workspaceId) {
        if (actor.orgAdmin()) {
            return Optional.of(Role.OWNER);
        }
        if (actor.userId() == null || workspaceId == null) {
            return Optional.empty();
        }
        return members.findByWorkspaceIdAndUserId(workspaceId, actor.userId()).map(WorkspaceMember::getRole);
    }

    public boolean can(Actor actor, String workspaceId, Permission permission) {
        return roleIn(actor, workspaceId).map(r -> r.atLeast(permission.minimum())).orElse(false);
    }

    /**
     * @throws GovernanceException 404 when the workspace does not exist, 403 when the actor may not do this there
     */
    @Transactional(readOnly = true)
    public void require(Actor actor, String workspaceId, Permission permission) {
        if (workspaceId == null || !workspaces.existsById(workspaceId)) {
            throw GovernanceException.notFound("workspace", String.valueOf(workspaceId));
        }
        requireRole(actor, workspaceId, permission);
    }

    /**
     * The scope of one read: organisation admins get the named workspace or, naming none, every workspace; anyone
     * else must name a workspace where they hold {@code permission}.
     *
     * @throws GovernanceException 403 when a non-admin names no workspace, or one they may not read (whether or not
     *                             it exists, so ids cannot be probed)
     */
    @Transactional(readOnly = true)
    public WorkspaceScope scope(Actor actor, String workspaceId, Permission permission) {
        if (actor.orgAdmin()) {
            return WorkspaceScope.of(workspaceId);
        }
        if (workspaceId == null) {
            throw GovernanceException.forbidden("pass workspace_id: only organisation admins may " + permission
                    .description() + " of every workspace");
        }
        requireRole(actor, workspaceId, permission);
        return WorkspaceScope.of(workspaceId);
    }

    /** 403 unless the actor holds {@code permission} in the workspace (membership first, then the role's rank). */
    private void requireRole(Actor actor, String workspaceId, Permission permission) {
        Optional<Role> role = roleIn(actor, workspaceId);
        if (role.isEmpty()) {
            throw GovernanceException.forbidden("you are not a member of workspace '" + workspaceId + "'");
        }
        if (!role.get().atLeast(permission.minimum())) {
            throw GovernanceException.forbidden("your role " + role.get().name().toLowerCase() + " in workspace '"
                    + workspaceId + "' does not allow you to " + permission.description() + " (needs "
                    + permission.minimum().name().toLowerCase() + " or above)");
        }
    }

    public void requireOrgAdmin(Actor actor, String what) {
        if (!actor.orgAdmin()) {
            throw GovernanceException.forbidden("only organisation admins may " + what);
        }
    }

    /** Workspaces where the actor holds the permission (all of them for organisation admins). */
    @Transactional(readOnly = true)
    public Set<String> workspacesWith(Actor actor, Permission permission) {
        if (actor.orgAdmin()) {
            return workspaces.findAll().stream().map(Workspace::getId).collect(Collectors.toSet());
        }
        if (actor.userId() == null) {
            return Set.of();
        }
        return members.findByUserId(actor.userId()).stream().filter(m -> m.getRole().atLeast(permission.minimum()))
                .map(WorkspaceMember::getWorkspaceId).collect(Collectors.toSet());
    }
}
