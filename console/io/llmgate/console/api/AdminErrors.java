package io.llmgate.console.api;

import java.util.Map;
import java.util.NoSuchElementException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.llmgate.model.routing.InvalidRoutingConfigException;

/**
 * Routing admin errors in the same shape as the gateway's: {@code {"error":{"message","type","code","errors"}}}.
 * Unreadable bodies (bad JSON, unknown fields) are left to {@link AdminErrorHandler}, which names the field.
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // before governance's AdminErrorHandler, which covers this package too
@RestControllerAdvice(assignableTypes = {RoutingConfigController.class, CircuitBreakerController.class})
public class AdminErrors {

    @ExceptionHandler(InvalidRoutingConfigException.class)
    public ResponseEntity<Map<String, Object>> invalid(InvalidRoutingConfigException e) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("message", e.getMessage(),
                "type", "invalid_request_error", "code", "invalid_config", "errors", e.errors())));
    }

    @ExceptionHandler(NoSuchElementException.class)
    public ResponseEntity<Map<String, Object>> notFound(NoSuchElementException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    public ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return error(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("message", message,
                "type", "invalid_request_error", "code", code)));
    }
}
