package io.llmgate.console.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.AppUser;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.UserService;

import jakarta.servlet.http.HttpServletRequest;

/** The governance {@link Actor} of the current admin API request: an admin key's user, or the logged-in user. */
@Component
public class AdminActors {

    private final UserService users;
    private final SecurityContextHolderStrategy securityContexts;

    public AdminActors(UserService users, ObjectProvider<SecurityContextHolderStrategy> securityContexts) {
        this.users = users;
        this.securityContexts = AdminSecurityConfig.securityContexts(securityContexts);
    }

    public Actor current(HttpServletRequest request) {
        Authentication auth = securityContexts.getContext().getAuthentication();
        String ip = request.getRemoteAddr();
        if (auth instanceof AdminKeyAuthentication k) {
            return new Actor(ActorType.ADMIN_KEY, k.keyId(), k.getName() + " (admin key " + k.keyName() + ")",
                    k.userId(), k.orgAdmin(), ip);
        }
        if (auth != null && auth.isAuthenticated() && auth.getName() != null) {
            AppUser u = users.byUsername(auth.getName()).filter(AppUser::isEnabled).orElseThrow(() ->
                    new GovernanceException(GovernanceException.Kind.UNAUTHORIZED, "unauthenticated", null,
                            "your user no longer exists or is disabled"));
            return new Actor(ActorType.USER, u.getId(), u.getUsername(), u.getId(), u.isOrgAdmin(), ip);
        }
        throw new GovernanceException(GovernanceException.Kind.UNAUTHORIZED, "unauthenticated", null,
                "authentication required");
    }
}
