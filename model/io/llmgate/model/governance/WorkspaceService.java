package io.llmgate.model.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/** Workspaces of the organisation and who holds which role in them. */
@Service
public class WorkspaceService {

    @SnakeCaseJson
    public record WorkspaceView(String id, String organizationId, String name, String description, String role,
                                Instant createdAt) {
    }

    @SnakeCaseJson
    public record MemberView(String userId, String username, String displayName, String role, Instant since) {
    }

    private final WorkspaceRepository workspaces;
    private final WorkspaceMemberRepository members;
    private final AppUserRepository users;
    private final OrganizationRepository organizations;
    private final AccessPolicy access;
    private final AuditService audit;
    private final Clock clock;

    public WorkspaceService(WorkspaceRepository workspaces, WorkspaceMemberRepository members, AppUserRepository users,
                            OrganizationRepository organizations, AccessPolicy access, AuditService audit,
                            Clock clock) {
        this.workspaces = workspaces;
        this.members = members;
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<WorkspaceView> list(Actor actor) {
        List<Workspace> visible = actor.orgAdmin() ? workspaces.findAllByOrderByName()
                : workspaces.findByIdInOrderByName(access.workspacesWith(actor, Permission.WORKSPACE_READ));
        return visible.stream().map(w -> view(actor, w)).toList();
    }

    @Transactional(readOnly = true)
    public WorkspaceView get(Actor actor, String id) {
        access.require(actor, id, Permission.WORKSPACE_READ);
        return view(actor, find(id));
    }

    @Transactional
    public WorkspaceView create(Actor actor, String name, String description) {
        access.requireOrgAdmin(actor, "create workspaces");
        String orgId = organizationOf(actor);
        String n = Validation.name(name, "name");
        if (workspaces.existsByOrganizationIdAndName(orgId, n)) {
            throw GovernanceException.conflict("a workspace named '" + n + "' already exists");
        }
        Workspace w = workspaces.save(new Workspace(Ids.newId("ws"), orgId, n,
                Validation.optional(description, "description", 1000), clock.instant()));
        WorkspaceView view = view(actor, w);
        audit.record(actor, "workspace.create", w.getId(), "workspace", w.getId(), null, view, null);
        return view;
    }

    @Transactional
    public WorkspaceView update(Actor actor, String id, String name, String description) {
        access.require(actor, id, Permission.WORKSPACE_UPDATE);
        Workspace w = find(id);
        WorkspaceView before = view(actor, w);
        if (name != null) {
            String n = Validation.name(name, "name");
            if (!n.equals(w.getName()) && workspaces.existsByOrganizationIdAndName(w.getOrganizationId(), n)) {
                throw GovernanceException.conflict("a workspace named '" + n + "' already exists");
            }
            w.setName(n);
        }
        if (description != null) {
            w.setDescription(Validation.optional(description, "description", 1000));
        }
        workspaces.saveAndFlush(w);
        WorkspaceView after = view(actor, w);
        audit.record(actor, "workspace.update", id, "workspace", id, before, after, null);
        return after;
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, Permission.MEMBER_READ);
        List<WorkspaceMember> list = members.findByWorkspaceId(workspaceId);
        Map<String, AppUser> byId = users.findAllById(list.stream().map(WorkspaceMember::getUserId).toList())
                .stream().collect(Collectors.toMap(AppUser::getId, Function.identity()));
        return list.stream().map(m -> memberView(m, byId.get(m.getUserId())))
                .sorted(Comparator.comparing(MemberView::username)).toList();
    }

    /**
     * Gives a user a role in a workspace (adds the membership when missing). Admins manage viewers, members and
     * admins; only owners (and organisation admins) grant or take the owner role.
     */
    @Transactional
    public MemberView setRole(Actor actor, String workspaceId, String userId, Role role) {
        access.require(actor, workspaceId, Permission.MEMBER_MANAGE);
        AppUser user = users.findById(userId).orElseThrow(() -> GovernanceException.notFound("user", userId));
        WorkspaceMember m = members.findByWorkspaceIdAndUserId(workspaceId, userId).orElse(null);
        Role actorRole = access.roleIn(actor, workspaceId).orElseThrow();
        boolean touchesOwner = role == Role.OWNER || (m != null && m.getRole() == Role.OWNER);
        if (touchesOwner && actorRole != Role.OWNER) {
            throw GovernanceException.forbidden("only owners may grant or change the owner role");
        }
        MemberView before = m == null ? null : memberView(m, user);
        if (m == null) {
            m = new WorkspaceMember(Ids.newId("mem"), workspaceId, userId, role, clock.instant());
        } else {
            if (m.getRole() == Role.OWNER && role != Role.OWNER && members.countByWorkspaceIdAndRole(workspaceId,
                    Role.OWNER) <= 1 && !actor.orgAdmin()) {
                throw GovernanceException.conflict("a workspace keeps at least one owner");
            }
            m.setRole(role);
        }
        members.saveAndFlush(m);
        MemberView after = memberView(m, user);
        audit.record(actor, "member.set_role", workspaceId, "user", userId, before, after, null);
        return after;
    }

    @Transactional
    public void removeMember(Actor actor, String workspaceId, String userId) {
        access.require(actor, workspaceId, Permission.MEMBER_MANAGE);
        WorkspaceMember m = members.findByWorkspaceIdAndUserId(workspaceId, userId)
                .orElseThrow(() -> GovernanceException.notFound("member", userId));
        if (m.getRole() == Role.OWNER && access.roleIn(actor, workspaceId).orElseThrow() != Role.OWNER) {
            throw GovernanceException.forbidden("only owners may remove an owner");
        }
        MemberView before = memberView(m, users.findById(userId).orElse(null));
        members.delete(m);
        audit.record(actor, "member.remove", workspaceId, "user", userId, before, null, null);
    }

    private String organizationOf(Actor actor) {
        if (actor.userId() != null) {
            return users.findById(actor.userId()).map(AppUser::getOrganizationId).orElseThrow();
        }
        return organizations.findAll().stream().map(Organization::getId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no organisation"));
    }

    private Workspace find(String id) {
        return workspaces.findById(id).orElseThrow(() -> GovernanceException.notFound("workspace", id));
    }

    private WorkspaceView view(Actor actor, Workspace w) {
        return new WorkspaceView(w.getId(), w.getOrganizationId(), w.getName(), w.getDescription(),
                access.roleIn(actor, w.getId()).map(r -> r.name().toLowerCase()).orElse(null), w.getCreatedAt());
    }

    private static MemberView memberView(WorkspaceMember m, AppUser u) {
        return new MemberView(m.getUserId(), u == null ? null : u.getUsername(), u == null ? null : u.getDisplayName(),
                m.getRole().name().toLowerCase(), m.getCreatedAt());
    }
}
