package io.llmgate.console;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.AppUser;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.UserService;

/**
 * The signed-in console user as the governance {@link Actor} every service call takes, and the RBAC questions the
 * views ask to show or hide actions (the services check again on every call).
 */
@Component
public class CurrentUser {

    private final UserService users;
    private final AccessPolicy access;
    private final AuthenticationContext authentication;

    public CurrentUser(UserService users, AccessPolicy access, AuthenticationContext authentication) {
        this.users = users;
        this.access = access;
        this.authentication = authentication;
    }

    /** The actor for service calls; read fresh, so a disabled user or a changed admin flag applies at once. */
    public Actor actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        AppUser u = auth == null ? null : users.byUsername(auth.getName()).filter(AppUser::isEnabled).orElse(null);
        if (u == null) {
            throw new GovernanceException(GovernanceException.Kind.UNAUTHORIZED, "unauthenticated", null,
                    "your session has ended; sign in again");
        }
        VaadinRequest request = VaadinRequest.getCurrent();
        return new Actor(ActorType.USER, u.getId(), u.getUsername(), u.getId(), u.isOrgAdmin(),
                request == null ? null : request.getRemoteAddr());
    }

    public Optional<String> username() {
        return authentication.getPrincipalName();
    }

    public boolean orgAdmin() {
        return actor().orgAdmin();
    }

    /** Whether the user holds {@code permission} in the workspace (false without a workspace). */
    public boolean can(String workspaceId, Permission permission) {
        return workspaceId != null && access.can(actor(), workspaceId, permission);
    }

    public void logout() {
        authentication.logout();
    }
}
