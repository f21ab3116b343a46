package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * Requests Netty cannot decode get a status that says why and an OpenAI-shaped body, then the connection closes
 * (issue 17 item 7: they got 400 with an empty text/plain body).
 */
class MalformedHttpTest extends GatewayTestSupport {

    @Test
    void aUrlOverTheLineLimitIs414() throws Exception {
        assertError(request("GET /v1/models?q=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                414, "uri_too_long");
    }

    @Test
    void aHeaderOverTheHeaderLimitIs431() throws Exception {
        assertError(request("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(16 * 1024) + "\r\n\r\n"),
                431, "headers_too_large");
    }

    @Test
    void tenThousandHeadersAre431() throws Exception {
        StringBuilder headers = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 10_000; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        assertError(request(headers.append("\r\n").toString()), 431, "headers_too_large");
    }

    @Test
    void garbageIs400() throws Exception {
        assertError(request("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"), 400,
                "malformed_request");
    }

    @LocalServerPort
    int consolePort;

    @Test
    void theConsolePortAnswersOversizedHeadersWithAStatusNotAStackTrace() throws Exception {
        String response;
        try (RawHttp raw = new RawHttp(consolePort)) {
            response = raw.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(32 * 1024)
                    + "\r\nConnection: close\r\n\r\n").readUntilClosed();
        }
        assertThat(RawHttp.status(response)).isIn(400, 431);
        assertThat(response).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void aWellFormedRequestOnTheSameLimitsStillWorks() {
        assertThat(gateway.get("/health", "X-Long", "c".repeat(8_000)).status()).isEqualTo(200);
    }

    private static String request(String text) throws Exception {
        try (RawHttp raw = new RawHttp(GATEWAY_PORT)) {
            return raw.send(text).readUntilClosed();
        }
    }

    private static void assertError(String response, int status, String code) {
        assertThat(response).as("an answer before the close").isNotEmpty();
        assertThat(RawHttp.status(response)).isEqualTo(status);
        assertThat(response.toLowerCase()).contains("content-type: application/json").contains("connection: close");
        JsonNode error = GatewayClient.parse(RawHttp.body(response)).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank();
    }
}
