package io.llmgate.routes.inbound;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;

/**
 * First step of every request: which operation, the JSON body, the headers. Bad input stops here with a 4xx that
 * says what is wrong.
 */
@Component
public class RequestParser implements Processor {

    /** Exchange property naming the operation: an {@link Endpoint} name, or {@code HEALTH}. */
    public static final String OPERATION = "llmgate.operation";
    public static final String HEALTH = "HEALTH";

    private final ObjectMapper json;

    public RequestParser(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = path(in);
        Map<String, String> headers = headers(in);
        String requestId = requestId(headers);
        exchange.setProperty(GatewayHeaders.REQUEST_ID_PROPERTY, requestId);

        if (path.equals("/health")) {
            exchange.setProperty(OPERATION, HEALTH);
            return;
        }
        Endpoint endpoint = endpoint(path);
        if (endpoint == null) {
            throw new GatewayException(404, "invalid_request_error", "unknown_url",
                    "Unknown request URL: " + method + " " + path + ". Supported: /v1/chat/completions, "
                            + "/v1/completions, /v1/embeddings, /v1/models");
        }
        String expected = endpoint == Endpoint.MODELS ? "GET" : "POST";
        if (!expected.equals(method)) {
            throw new GatewayException(405, "invalid_request_error", "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + expected);
        }
        Map<String, String> metadata = metadata(headers);
        ObjectNode body = endpoint == Endpoint.MODELS ? json.createObjectNode() : parseBody(in);
        if (endpoint != Endpoint.MODELS) {
            validate(endpoint, body);
        }
        exchange.setProperty(OPERATION, endpoint.name());
        exchange.setProperty(GatewayHeaders.REQUEST_PROPERTY,
                new GatewayRequest(requestId, endpoint, body, headers, metadata, System.nanoTime()));
    }

    private static String path(Message in) {
        String uri = in.getHeader(Exchange.HTTP_URI, "/", String.class);
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            path = path.substring(path.indexOf('/', path.indexOf("//") + 2));
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Endpoint endpoint(String path) {
        for (Endpoint e : Endpoint.values()) {
            if (e.path().equals(path)) {
                return e;
            }
        }
        return null;
    }

    private static Map<String, String> headers(Message in) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, Object> h : in.getHeaders().entrySet()) {
            String name = h.getKey();
            if (!name.startsWith("Camel") && h.getValue() != null) {
                headers.put(name.toLowerCase(), String.valueOf(h.getValue()));
            }
        }
        return headers;
    }

    private static String requestId(Map<String, String> headers) {
        String given = headers.get(GatewayHeaders.REQUEST_ID);
        if (given != null && !given.isBlank() && given.length() <= 128) {
            return given;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("req_%016x%08x", r.nextLong(), r.nextInt());
    }

    private Map<String, String> metadata(Map<String, String> headers) {
        String raw = headers.get(GatewayHeaders.METADATA);
        if (raw == null) {
            raw = headers.get("x-portkey-metadata");
        }
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (IOException e) {
            node = null;
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalidRequest(GatewayHeaders.METADATA + " must be a JSON object of strings",
                    GatewayHeaders.METADATA);
        }
        Map<String, String> metadata = new HashMap<>();
        object.fields().forEachRemaining(f -> metadata.put(f.getKey(),
                f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        return Map.copyOf(metadata);
    }

    private ObjectNode parseBody(Message in) {
        byte[] raw = in.getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw GatewayException.invalidRequest("request body is empty; send a JSON object", null);
        }
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw GatewayException.invalidRequest("request body is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw GatewayException.invalidRequest("request body could not be read: " + e.getMessage(), null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalidRequest("request body must be a JSON object", null);
        }
        return object;
    }

    static void validate(Endpoint endpoint, ObjectNode body) {
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && (!model.isTextual() || model.asText().isBlank())) {
            throw GatewayException.invalidRequest("'model' must be a non-empty string", "model");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayException.invalidRequest("'stream' must be a boolean", "stream");
        }
        switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                JsonNode messages = body.get("messages");
                if (messages == null || !messages.isArray() || messages.isEmpty()) {
                    throw GatewayException.invalidRequest("'messages' must be a non-empty array", "messages");
                }
                for (int i = 0; i < messages.size(); i++) {
                    JsonNode m = messages.get(i);
                    if (!m.isObject() || !m.path("role").isTextual()) {
                        throw GatewayException.invalidRequest("each message needs a string 'role'",
                                "messages[" + i + "].role");
                    }
                }
            }
            case COMPLETIONS -> {
                if (!body.has("prompt")) {
                    throw GatewayException.invalidRequest("'prompt' is required", "prompt");
                }
            }
            case EMBEDDINGS -> {
                JsonNode input = body.get("input");
                if (input == null || input.isNull() || (input.isArray() && input.isEmpty())) {
                    throw GatewayException.invalidRequest("'input' is required", "input");
                }
                if (body.path("stream").asBoolean(false)) {
                    throw GatewayException.invalidRequest("embeddings cannot be streamed", "stream");
                }
            }
            default -> {
            }
        }
    }
}
