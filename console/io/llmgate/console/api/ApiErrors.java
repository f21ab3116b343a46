package io.llmgate.console.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import jakarta.servlet.http.HttpServletResponse;

/** The admin API's error shape, the same as the gateway's: {@code {"error":{"message","type","code","param"}}}. */
final class ApiErrors {

    // a writer is immutable and thread-safe; plain Jackson, since the error's names are already snake_case
    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private ApiErrors() {
    }

    static Map<String, Object> body(String message, String type, String code, String param) {
        return Map.of("error", fields(message, type, code, param));
    }

    /** The inside of the error, in this order, open to one more field (a config's list of problems). */
    static Map<String, Object> fields(String message, String type, String code, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.put("param", param);
        return error;
    }

    /** Writes an error from a security filter, which answers before Spring MVC and its message converters. */
    static void write(HttpServletResponse response, int status, String message, String type, String code)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body(message, type, code, null)));
    }
}
