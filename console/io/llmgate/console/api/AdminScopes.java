package io.llmgate.console.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.WorkspaceScope;

/**
 * The one resolved scope of an admin API request: a handler that takes a {@link WorkspaceScope} gets the actor's
 * scope for the workspace the request names ({@code workspace_id}, or its alias {@code workspace}), checked by
 * {@link AccessPolicy#scope}. Spellings that disagree are a 400, and the camelCase {@code workspaceId} is refused
 * rather than ignored, so no parameter the check did not see can choose the rows.
 */
@Component
public class AdminScopes implements HandlerMethodArgumentResolver {

    public static final String PARAM = "workspace_id";
    static final String ALIAS = "workspace";
    static final String CAMEL_CASE = "workspaceId";

    /** The permission a scoped handler needs in the workspace; without it, {@link Permission#LOG_READ}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Needs {
        Permission value();
    }

    private final AdminActors actors;
    private final AccessPolicy access;

    public AdminScopes(AdminActors actors, AccessPolicy access) {
        this.actors = actors;
        this.access = access;
    }

    /** The single workspace the request names, or null; 400 when it names two. */
    public static String workspaceParam(HttpServletRequest request) {
        if (request.getParameter(CAMEL_CASE) != null) {
            throw GovernanceException.invalid(CAMEL_CASE, "unknown parameter 'workspaceId': the admin API spells "
                    + "it 'workspace_id'");
        }
        Set<String> named = new LinkedHashSet<>();
        for (String name : new String[] {PARAM, ALIAS}) {
            String[] values = request.getParameterValues(name);
            if (values != null) {
                for (String v : values) {
                    if (v != null && !v.isBlank()) {
                        named.add(v.trim());
                    }
                }
            }
        }
        if (named.size() > 1) {
            throw GovernanceException.invalid(PARAM, "'workspace_id' and 'workspace' name different workspaces "
                    + named + "; pass one workspace");
        }
        return named.isEmpty() ? null : named.iterator().next();
    }

    public WorkspaceScope resolve(HttpServletRequest request, Permission permission) {
        return access.scope(actors.current(request), workspaceParam(request), permission);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == WorkspaceScope.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest web,
                                  WebDataBinderFactory binders) {
        Needs needs = parameter.getParameterAnnotation(Needs.class);
        return resolve(web.getNativeRequest(HttpServletRequest.class),
                needs == null ? Permission.LOG_READ : needs.value());
    }
}
