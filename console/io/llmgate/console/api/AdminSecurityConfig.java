package io.llmgate.console.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AdminKeyService;
import io.llmgate.model.governance.UserService;
import io.llmgate.model.governance.WorkspaceMember;
import io.llmgate.model.governance.WorkspaceMemberRepository;

/**
 * Security of the console's web server, limited to the paths governance owns so the console's own chain (Vaadin)
 * can take every other path:
 * <ul>
 * <li>{@code /admin/api/**}: an admin API key per request, or the console's login session (with CSRF, since a
 * browser sends the cookie); the OpenAPI description is public. Future endpoints such as
 * {@code /admin/api/configs/**} are covered as they are added, and check rights with {@code AccessPolicy}.</li>
 * <li>health and metrics: public.</li>
 * </ul>
 * Users are the governance users with BCrypt passwords ({@link #userDetailsService}), for the console's login
 * (whose chain, {@code ConsoleSecurityConfig}, has no order and so comes after these).
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfig {

    static final String OPENAPI = "/admin/api/openapi";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    @Order(10)
    public SecurityFilterChain adminApiSecurity(HttpSecurity http, AdminKeyService adminKeys, AuditService audit,
                                                ObjectProvider<SecurityContextHolderStrategy> securityContexts)
            throws Exception {
        http.securityMatcher("/admin/api/**")
                // an async dispatch (streamed export) continues a request that was authorised already
                .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(OPENAPI, OPENAPI + "/**", OPENAPI + ".yaml").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new AdminKeyFilter(adminKeys, audit, securityContexts(securityContexts)),
                        AnonymousAuthenticationFilter.class)
                // only cookie (console session) calls can be forged: they need a CSRF token; key calls do not
                .csrf(c -> c.requireCsrfProtectionMatcher(r -> !SAFE.contains(r.getMethod())
                        && AdminKeyFilter.token(r) == null && r.getSession(false) != null))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(r -> r.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> ApiErrors.write(res, 401,
                                "Authentication required: send an admin API key as 'Authorization: Bearer lga-...' "
                                        + "or x-admin-api-key, or log in to the console.",
                                "authentication_error", "unauthenticated"))
                        .accessDeniedHandler((req, res, ex) -> ApiErrors.write(res, 403,
                                "Forbidden: " + ex.getMessage(), "permission_error", "forbidden")));
        return http.build();
    }

    /**
     * The security context holder Spring Security's own filters use: the context's bean when there is one (Vaadin
     * registers one), else the global. Not the static {@code SecurityContextHolder}: Vaadin replaces its strategy
     * whenever an application context starts, so a second context in the JVM (tests) would hide this one's logins.
     */
    static SecurityContextHolderStrategy securityContexts(ObjectProvider<SecurityContextHolderStrategy> beans) {
        return beans.getIfUnique(SecurityContextHolder::getContextHolderStrategy);
    }

    @Bean
    @Order(11)
    public SecurityFilterChain publicEndpointsSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/health", "/health/**", "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                        "/metrics")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The governance users for form/session login (the console). Disabled users cannot log in. */
    @Bean
    public UserDetailsService userDetailsService(UserService users, WorkspaceMemberRepository members) {
        return username -> users.byUsername(username).map(u -> {
            List<GrantedAuthority> roles = new ArrayList<>();
            roles.add(new SimpleGrantedAuthority("ROLE_USER"));
            if (u.isOrgAdmin()) {
                roles.add(new SimpleGrantedAuthority("ROLE_ORG_ADMIN"));
            }
            // workspace roles as authorities: ROLE_<role> for any workspace, WORKSPACE_<id>_<role> for each one
            // (coarse view access in the console; each action is still checked by AccessPolicy)
            for (WorkspaceMember m : members.findByUserId(u.getId())) {
                roles.add(new SimpleGrantedAuthority("ROLE_" + m.getRole().name()));
                roles.add(new SimpleGrantedAuthority("WORKSPACE_" + m.getWorkspaceId() + "_" + m.getRole().name()));
            }
            return User.withUsername(u.getUsername()).password(u.getPasswordHash() == null ? "" : u.getPasswordHash())
                    .disabled(!u.isEnabled()).authorities(roles).build();
        }).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
