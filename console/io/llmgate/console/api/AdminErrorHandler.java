package io.llmgate.console.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.routing.InvalidRoutingConfigException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every admin API failure as a JSON error in the gateway's shape, never a stack trace, and never an echo of the
 * submitted values (they may hold secrets). Refusals (403) are also recorded in the audit trail. Covers the
 * request-log controllers of the console package as well: one error shape for the whole admin API, and the one
 * advice that writes it. Only exceptions that say what went wrong get a 4xx (a refusal, a conflict, a bad body);
 * anything else, an {@code IllegalStateException} included, is a bug or an outage: a 500 with a generic message,
 * the details in the server log.
 */
@RestControllerAdvice(basePackageClasses = AdminErrorHandler.class)
public class AdminErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminErrorHandler.class);

    private final AuditService audit;
    private final AdminActors actors;

    public AdminErrorHandler(AuditService audit, AdminActors actors) {
        this.audit = audit;
        this.actors = actors;
    }

    @ExceptionHandler(GovernanceException.class)
    ResponseEntity<Map<String, Object>> governance(GovernanceException e, HttpServletRequest request) {
        if (e.kind() == GovernanceException.Kind.FORBIDDEN) {
            try {
                audit.recordDenied(actors.current(request), null, "forbidden", "403 " + request.getMethod() + " "
                        + request.getRequestURI() + ": " + e.getMessage(), null);
            } catch (RuntimeException ignored) {
                // the refusal is answered even if the actor cannot be named
            }
        }
        return error(e.kind().status(), e.getMessage(), e.kind().type(), e.code(), e.param());
    }

    /** Every problem of a routing config with its path, in {@code errors} next to the usual fields. */
    @ExceptionHandler(InvalidRoutingConfigException.class)
    ResponseEntity<Map<String, Object>> invalidConfig(InvalidRoutingConfigException e) {
        Map<String, Object> error = ApiErrors.fields(e.getMessage(), "invalid_request_error", "invalid_config", null);
        error.put("errors", e.errors());
        return ResponseEntity.badRequest().body(Map.of("error", error));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException) {
                cause = t;
                break;
            }
        }
        String message;
        String param = null;
        if (cause instanceof PropertyBindingException p) {
            param = path(p);
            return error(400, "unknown field '" + param + "'" + (p.getKnownPropertyIds() == null
                    || p.getKnownPropertyIds().isEmpty() ? "" : "; known fields: " + known(p)),
                    "invalid_request_error", "unknown_field", param);
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            param = path(m);
            message = "'" + param + "' has the wrong type or format";
        } else if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            param = path(m);
            message = "'" + param + "' has an invalid value";
        } else if (cause instanceof JsonProcessingException j) {
            message = "request body is not valid JSON" + (j.getLocation() == null ? ""
                    : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")");
        } else {
            message = "request body is missing or is not a JSON object";
        }
        return error(400, message, "invalid_request_error", "invalid_body", param);
    }

    private static String known(PropertyBindingException p) {
        return p.getKnownPropertyIds().stream().map(String::valueOf).sorted().reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    private static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException e) {
        return error(400, "parameter '" + e.getName() + "' has an invalid value", "invalid_request_error",
                "invalid_parameter", e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e) {
        return error(400, "parameter '" + e.getParameterName() + "' is required", "invalid_request_error",
                "missing_parameter", e.getParameterName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return error(405, e.getMethod() + " is not allowed here", "invalid_request_error", "method_not_allowed", null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(415, "send JSON (Content-Type: application/json)", "invalid_request_error",
                "unsupported_media_type", null);
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<Map<String, Object>> concurrent(ObjectOptimisticLockingFailureException e) {
        return error(409, "the object was changed at the same time by someone else; reload it and try again",
                "conflict_error", "concurrent_change", null);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Map<String, Object>> integrity(DataIntegrityViolationException e) {
        LOG.info("admin API change refused by the database: {}", e.getMostSpecificCause().getClass().getSimpleName());
        return error(409, "the change conflicts with existing data (a duplicate, or something still refers to it)",
                "conflict_error", "conflict", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("admin API {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return error(500, "internal error; see the server log", "server_error", "internal_error", null);
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String message, String type, String code,
                                                             String param) {
        return ResponseEntity.status(HttpStatus.valueOf(status)).body(ApiErrors.body(message, type, code, param));
    }
}
