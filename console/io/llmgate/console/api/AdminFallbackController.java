package io.llmgate.console.api;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.GovernanceException;

import io.swagger.v3.oas.annotations.Hidden;

import jakarta.servlet.http.HttpServletRequest;

/** Unknown admin API paths answer 404, written like every admin error by {@link AdminErrorHandler}. */
@Hidden
@RestController
public class AdminFallbackController {

    @RequestMapping("/admin/api/**")
    void notFound(HttpServletRequest request) {
        throw new GovernanceException(GovernanceException.Kind.NOT_FOUND, "unknown_endpoint", null,
                "no admin API endpoint " + request.getMethod() + " " + request.getRequestURI()
                        + "; see /admin/api/openapi");
    }
}
