package io.llmgate.console.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

/** The admin API's error shape, the same as the gateway's: {@code {"error":{"message","type","code","param"}}}. */
final class ApiErrors {

    private ApiErrors() {
    }

    static Map<String, Object> body(String message, String type, String code, String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.put("param", param);
        return Map.of("error", error);
    }

    /** Writes an error from a filter, where no message converter is at hand. */
    static void write(HttpServletResponse response, int status, String message, String type, String code)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String json = "{\"error\":{\"message\":\"" + escape(message) + "\",\"type\":\"" + type + "\",\"code\":\""
                + code + "\",\"param\":null}}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
