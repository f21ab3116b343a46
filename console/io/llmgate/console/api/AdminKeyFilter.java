package io.llmgate.console.api;

import java.io.IOException;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.AdminKeyService;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates admin API requests that carry an admin key ({@code x-admin-api-key: lga-...} or
 * {@code Authorization: Bearer lga-...}) for this request only: nothing goes into a session. A presented key that
 * does not verify is a 401 at once; requests without a key fall through to session authentication (the console).
 */
class AdminKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "x-admin-api-key";

    private final AdminKeyService adminKeys;
    private final AuditService audit;
    private final SecurityContextHolderStrategy securityContexts;

    AdminKeyFilter(AdminKeyService adminKeys, AuditService audit, SecurityContextHolderStrategy securityContexts) {
        this.adminKeys = adminKeys;
        this.audit = audit;
        this.securityContexts = securityContexts;
    }

    static String token(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        var authenticated = adminKeys.authenticate(token);
        if (authenticated.isEmpty()) {
            audit.recordDenied(new Actor(ActorType.ANONYMOUS, null, "anonymous", null, false,
                    request.getRemoteAddr()), null, "invalid_admin_key", "401 " + request.getMethod() + " "
                    + request.getRequestURI() + ": unknown, revoked or expired admin API key", null);
            ApiErrors.write(response, 401, "Invalid admin API key: unknown, revoked or expired.",
                    "authentication_error", "invalid_admin_key");
            return;
        }
        var a = authenticated.get();
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(new AdminKeyAuthentication(a.keyId(), a.keyName(), a.user().getId(),
                a.user().getUsername(), a.user().isOrgAdmin()));
        securityContexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            securityContexts.clearContext();
        }
    }
}
