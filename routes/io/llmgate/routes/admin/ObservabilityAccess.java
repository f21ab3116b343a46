package io.llmgate.routes.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.Permission;

/**
 * RBAC for the request-log, usage, statistics and pricing endpoints of the admin API: organisation admins see
 * everything; anyone else reads logs, usage and statistics of one workspace they belong to (with
 * {@code workspace_id}); only organisation admins change prices. The console's views check the same rules in
 * their services.
 */
@Configuration
public class ObservabilityAccess implements WebMvcConfigurer, HandlerInterceptor {

    private final AdminActors actors;
    private final AccessPolicy access;

    public ObservabilityAccess(AdminActors actors, AccessPolicy access) {
        this.actors = actors;
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/admin/api/logs", "/admin/api/logs/**", "/admin/api/usage",
                "/admin/api/stats/**", "/admin/api/pricing", "/admin/api/pricing/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
            return true; // a streamed export continues a request that was checked already
        }
        Actor actor = actors.current(request);
        if (actor.orgAdmin()) {
            return true;
        }
        String path = request.getRequestURI();
        if (path.startsWith("/admin/api/pricing")) {
            if ("GET".equals(request.getMethod())) {
                return true;
            }
            return deny(response, "only organisation admins may change prices");
        }
        String workspace = request.getParameter("workspace_id");
        if (workspace == null || workspace.isBlank()) {
            return deny(response, "pass workspace_id: only organisation admins see every workspace's logs and usage");
        }
        if (path.matches("/admin/api/logs/(?!export$)[^/]+")) {
            return deny(response, "only organisation admins open single log entries here; use the console");
        }
        if (!access.can(actor, workspace, Permission.WORKSPACE_READ)) {
            return deny(response, "you are not a member of workspace '" + workspace + "'");
        }
        return true;
    }

    private static boolean deny(HttpServletResponse response, String message) throws IOException {
        response.setStatus(403);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":{\"message\":\"" + message.replace("\"", "'")
                + "\",\"type\":\"permission_error\",\"code\":\"forbidden\",\"param\":null}}")
                .getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
