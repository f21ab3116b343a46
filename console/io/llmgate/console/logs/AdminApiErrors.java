package io.llmgate.console.logs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** JSON errors for the observability admin API: bad input is a 4xx that says what is wrong, never a stack trace. */
@RestControllerAdvice(basePackageClasses = AdminApiErrors.class)
public class AdminApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApiErrors.class);

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequest e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), e.param());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "missing parameter '" + e.getParameterName() + "'",
                e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value", e.getName());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "request body is not valid JSON of the expected shape", null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod() + " is not allowed here", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        LOG.error("admin API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "the request failed; see the gateway log", null);
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", status.is4xxClientError() ? "invalid_request_error" : "server_error");
        error.put("param", param);
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
