package io.llmgate.console.api;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

import jakarta.servlet.http.HttpServletRequest;

/** Unknown admin API paths answer 404 in the API's JSON error shape. */
@Hidden
@RestController
public class AdminFallbackController {

    @RequestMapping("/admin/api/**")
    ResponseEntity<Map<String, Object>> notFound(HttpServletRequest request) {
        return AdminErrorHandler.error(404, "no admin API endpoint " + request.getMethod() + " "
                + request.getRequestURI() + "; see /admin/api/openapi", "not_found_error", "unknown_endpoint", null);
    }
}
