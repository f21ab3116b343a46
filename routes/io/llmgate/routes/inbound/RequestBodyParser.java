package io.llmgate.routes.inbound;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

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
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;

/**
 * After the key check: the JSON body and the {@code x-gateway-metadata} header, parsed and validated. Bad input
 * stops here with a 400 that says what is wrong.
 */
@Component
public class RequestBodyParser implements Processor {

    private final ObjectMapper json;

    public RequestBodyParser(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        GatewayRequest request = GatewayExchange.of(exchange).request();
        if (request == null) {
            return; // a health check
        }
        Endpoint endpoint = request.endpoint();
        Map<String, String> metadata = metadata(request.header(GatewayHeaders.METADATA)); // or x-portkey-metadata
        ObjectNode body = endpoint == Endpoint.MODELS ? json.createObjectNode() : parseBody(exchange.getIn());
        if (endpoint != Endpoint.MODELS) {
            validate(endpoint, body);
        }
        GatewayExchange.of(exchange).request(new GatewayRequest(request.requestId(), endpoint, body,
                request.headers(), metadata, request.receivedNanos()));
    }

    private Map<String, String> metadata(String raw) {
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
