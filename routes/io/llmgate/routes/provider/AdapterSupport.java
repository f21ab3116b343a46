package io.llmgate.routes.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;

/** What every adapter needs: JSON, URLs, and reading a provider's error body. */
public abstract class AdapterSupport implements ProviderAdapter {

    protected final ObjectMapper json;
    private final String defaultBaseUrl;

    protected AdapterSupport(ObjectMapper json, String defaultBaseUrl) {
        this.json = json;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    protected String baseUrl(ProviderTarget target) {
        String base = target.baseUrl() != null && !target.baseUrl().isBlank() ? target.baseUrl() : defaultBaseUrl;
        if (base == null || base.isBlank()) {
            throw GatewayException.invalidRequest(
                    "provider " + name() + " needs a custom host (x-gateway-custom-host or custom_host)", "custom_host");
        }
        return apiRoot(base);
    }

    /**
     * The path of the provider's API below a server's root, added to a base URL given without any path (so
     * {@code http://host:8000} and {@code http://host:8000/v1} both reach an OpenAI-compatible server); empty when
     * the adapter's own paths start at the root (Azure, Ollama).
     */
    protected String versionPath() {
        return "";
    }

    /**
     * A base URL as the adapter joins its paths to it: without trailing slashes, {@link #versionPath()} added when
     * it has no path; any other path is kept as given (a proxy's prefix, a regional endpoint).
     */
    protected String apiRoot(String base) {
        String trimmed = base.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int authority = trimmed.indexOf("://");
        boolean noPath = authority >= 0 && trimmed.indexOf('/', authority + 3) < 0;
        return noPath ? trimmed + versionPath() : trimmed;
    }

    /** {@code base} without one trailing path segment {@code segment} (e.g. "/v1"), for adapters that add their own. */
    protected static String withoutSuffix(String base, String segment) {
        return base.regionMatches(true, base.length() - segment.length(), segment, 0, segment.length())
                ? base.substring(0, base.length() - segment.length()) : base;
    }

    protected URI uri(ProviderTarget target, String path) {
        try {
            return URI.create(baseUrl(target) + path);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest("invalid custom host for " + name() + ": " + e.getMessage(), "custom_host");
        }
    }

    protected Map<String, String> headers(ProviderTarget target) {
        Map<String, String> h = new LinkedHashMap<>(target.extraHeaders());
        h.put("content-type", "application/json");
        return h;
    }

    protected byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider's 2xx body as a JSON object; anything else (not JSON, cut short, not an object) is its error. */
    protected ObjectNode read(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // falls through to the error below
        }
        throw invalidResponse("expected a JSON object, got " + preview(body));
    }

    /**
     * The answer's {@code field} when it is an array. A 2xx without it (e.g. {@code {}}) answers nothing: passed on
     * as a success, clients would fail on it later and routing would never retry or fall back.
     */
    protected ObjectNode requireArray(ObjectNode answer, String field) {
        if (!answer.path(field).isArray()) {
            throw invalidResponse("no '" + field + "' list in "
                    + preview(answer.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    /**
     * A 2xx answer that is not what the provider's API promises: a provider failure (502
     * {@code invalid_provider_response}), so retries and fallbacks apply as to a 5xx.
     */
    protected UpstreamException invalidResponse(String detail) {
        return invalidResponse(name(), detail);
    }

    static UpstreamException invalidResponse(String provider, String detail) {
        return new UpstreamException(UpstreamException.Kind.BAD_RESPONSE, 502, "upstream_error",
                "invalid_provider_response", provider + ": invalid response (" + detail + ")", provider, null, null);
    }

    protected GatewayException unsupported(Endpoint endpoint) {
        return GatewayException.invalidRequest("provider " + name() + " does not support " + endpoint.path(), null);
    }

    protected static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return s.isBlank() ? "an empty body" : "'" + s + "'";
    }

    /**
     * Reads the usual error shapes ({@code {"error":{"message","type","code"}}}, {@code {"error":"..."}},
     * {@code {"message":...}}) and keeps the provider's status and message.
     */
    @Override
    public GatewayException toError(int status, HttpHeaders headers, byte[] body) {
        String message = null;
        String type = null;
        String code = null;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isArray() && !node.isEmpty()) {
                node = node.get(0); // Gemini's streaming endpoint wraps errors in a list
            }
            JsonNode error = node == null ? null : node.get("error");
            if (error != null && error.isObject()) {
                message = text(error, "message");
                type = text(error, "type");
                code = error.hasNonNull("code") ? error.get("code").asText() : text(error, "status");
            } else if (error != null && error.isTextual()) {
                message = error.asText();
            } else if (node != null && node.hasNonNull("message")) {
                // Mistral's validation errors carry an object here: {"message":{"detail":[...]}}
                JsonNode m = node.get("message");
                message = m.isValueNode() ? m.asText() : m.toString();
                type = text(node, "type");
            } else if (node != null && node.hasNonNull("detail")) {
                message = node.get("detail").toString();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw text below
        }
        if (message == null) {
            message = body.length == 0 ? "HTTP " + status : new String(body, StandardCharsets.UTF_8);
            if (message.length() > 1000) {
                message = message.substring(0, 1000);
            }
        }
        if (type == null) {
            type = status == 429 ? "rate_limit_error" : status >= 500 ? "upstream_error" : "invalid_request_error";
        }
        return new UpstreamException(UpstreamException.Kind.HTTP_ERROR, status, type, code,
                name() + " error: " + message, name(), retryAfter(headers), null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Long retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return null;
        }
        return headers.firstValue("retry-after").map(v -> {
            try {
                return (long) Math.ceil(Double.parseDouble(v.trim()));
            } catch (NumberFormatException e) {
                return null; // HTTP-date form: ignored, the backoff applies
            }
        }).orElse(null);
    }
}
