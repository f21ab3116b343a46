package io.llmgate.routes.inbound;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
 * First step of every request: which operation, the headers, the request id. An unknown path or a wrong method
 * stops here (404, 405). The body is read later, by {@link RequestBodyParser}, once the caller is authenticated.
 */
@Component
public class RequestParser implements Processor {

    public static final String HEALTH = "HEALTH";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = path(in);
        Map<String, String> headers = headers(in);
        String requestId = requestId(headers);
        GatewayExchange.of(exchange).requestId(requestId);

        if (path.equals("/health")) {
            GatewayExchange.of(exchange).operation(HEALTH);
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
        GatewayExchange.of(exchange).operation(endpoint.name());
        // no body yet: RequestBodyParser adds it (and the metadata) after the key check
        GatewayExchange.of(exchange)
                .request(new GatewayRequest(requestId, endpoint, null, headers, Map.of(), System.nanoTime()));
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
        return newRequestId(System.currentTimeMillis());
    }

    /**
     * {@code req_} + 12 hex digits of epoch milliseconds + 12 random hex digits: ids made later sort later, so the
     * request log's {@code request_id} index grows at its end instead of at random pages (cheaper inserts), and no
     * String.format on the request path.
     */
    public static String newRequestId(long epochMillis) {
        char[] id = new char[28];
        "req_".getChars(0, 4, id, 0);
        hex(epochMillis, id, 4, 12);
        hex(ThreadLocalRandom.current().nextLong(), id, 16, 12);
        return new String(id);
    }

    private static void hex(long value, char[] out, int from, int digits) {
        for (int i = from + digits - 1; i >= from; i--) {
            out[i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }
}
