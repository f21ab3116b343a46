package io.llmgate.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

import com.vaadin.flow.spring.security.VaadinWebSecurity;

/**
 * The ops console's security chain: every path the admin API and the public endpoints (governance's chains, which
 * come first by their {@code @Order}) do not claim. Sign-in is the {@link LoginView} form against the governance
 * users (BCrypt passwords, the {@code UserDetailsService} of {@code AdminSecurityConfig}); views say who may open
 * them ({@code @PermitAll}, {@code @RolesAllowed}) and every action is checked again by the services.
 */
@EnableWebSecurity
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfig extends VaadinWebSecurity {

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        super.configure(http);
        setLoginView(http, LoginView.class, "/login");
    }
}
