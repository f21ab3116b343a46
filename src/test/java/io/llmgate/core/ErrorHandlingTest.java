package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/** Every way a request can go wrong gets an OpenAI-style error with the right status. */
class ErrorHandlingTest extends GatewayTestSupport {

    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    String[] openAi(String host) {
        return new String[] {"x-gateway-provider", "openai", "Authorization", "Bearer sk-test",
                "x-gateway-custom-host", host};
    }

    String[] openAi() {
        return openAi(OPENAI.baseUrl() + "/v1");
    }

    @BeforeEach
    void reset() {
        OPENAI.reset();
    }

    static void assertOpenAiError(GatewayClient.Response r, int status, String type) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(r.json().path("error").path("type").asText()).isEqualTo(type);
        assertThat(r.body()).doesNotContain("at io.llmgate").doesNotContain("Exception");
    }

    @Test
    void malformedJson() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", "{\"model\": \"x\", \"messages\": [", openAi());
        assertOpenAiError(r, 400, "invalid_request_error");
        assertThat(r.json().at("/error/message").asText()).contains("not valid JSON");
        assertThat(OPENAI.count()).isZero();
    }

    @Test
    void jsonSentWithAFormContentTypeIsStillReadAsJson() {
        // curl -d sends application/x-www-form-urlencoded; the body is JSON all the same
        OPENAI.then(json(200, "{\"id\":\"x\",\"choices\":[]}"));
        String[] headers = {"x-gateway-provider", "openai", "Authorization", "Bearer k", "x-gateway-custom-host",
                OPENAI.baseUrl() + "/v1", "content-type", "application/x-www-form-urlencoded"};
        assertThat(gateway.post("/v1/chat/completions", CHAT, headers).status()).isEqualTo(200);
        assertOpenAiError(gateway.post("/v1/chat/completions", "a=1&b", headers), 400, "invalid_request_error");
    }

    @Test
    void bodyThatIsNotAnObjectOrEmpty() {
        assertOpenAiError(gateway.post("/v1/chat/completions", "[1,2]", openAi()), 400, "invalid_request_error");
        assertOpenAiError(gateway.post("/v1/chat/completions", "", openAi()), 400, "invalid_request_error");
    }

    @Test
    void missingModel() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        assertOpenAiError(r, 400, "invalid_request_error");
        assertThat(r.json().at("/error/param").asText()).isEqualTo("model");
    }

    @Test
    void missingMessagesNamesTheField() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", "{\"model\":\"m\"}", openAi());
        assertOpenAiError(r, 400, "invalid_request_error");
        assertThat(r.json().at("/error/param").asText()).isEqualTo("messages");
    }

    @Test
    void unknownOrMissingProvider() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-gateway-provider", "acme");
        assertOpenAiError(r, 400, "invalid_request_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("unknown_provider");
        assertThat(r.json().at("/error/message").asText()).contains("acme").contains("openai");

        assertOpenAiError(gateway.post("/v1/chat/completions", CHAT), 400, "invalid_request_error");
    }

    @Test
    void portkeyHeaderNamesAreAliases() {
        OPENAI.then(json(200, "{\"id\":\"x\",\"choices\":[]}"));
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-portkey-provider", "openai",
                "Authorization", "Bearer k", "x-portkey-custom-host", OPENAI.baseUrl() + "/v1");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIsRejectedWith413() {
        String big = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";
        GatewayClient.Response r = gateway.post("/v1/chat/completions", big, openAi());
        assertOpenAiError(r, 413, "invalid_request_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(OPENAI.count()).isZero();
    }

    @Test
    void oversizedChunkedBodyIsRejectedWith413() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", GATEWAY_PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(16_000).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 6; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the gateway may close as soon as it has answered
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("request_too_large");
        }
    }

    @Test
    void unknownPathAndWrongMethod() {
        assertOpenAiError(gateway.post("/v1/nope", CHAT, openAi()), 404, "invalid_request_error");
        assertOpenAiError(gateway.get("/v1/chat/completions", openAi()), 405, "invalid_request_error");
    }

    @Test
    void providerRateLimitKeepsStatusMessageAndRetryAfter() {
        OPENAI.then(json(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\","
                + "\"code\":\"rate_limit_exceeded\"}}", Map.of("retry-after", "7")));
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, openAi());
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().at("/error/message").asText()).contains("Rate limit reached for gpt-4o-mini");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(r.json().at("/error/provider").asText()).isEqualTo("openai");
        assertThat(r.header("retry-after")).isEqualTo("7");
        assertThat(r.header("x-gateway-provider")).isEqualTo("openai");
    }

    @Test
    void providerServerErrorWithNonJsonBody() {
        OPENAI.then(ex -> {
            byte[] b = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(502, b.length);
            ex.getResponseBody().write(b);
        });
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, openAi());
        assertOpenAiError(r, 502, "upstream_error");
        assertThat(r.json().at("/error/message").asText()).contains("Bad Gateway");
    }

    @Test
    void connectionRefusedIsNamed() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT,
                openAi("http://127.0.0.1:" + FakeProvider.closedPort() + "/v1"));
        assertOpenAiError(r, 502, "upstream_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("connection_refused");
    }

    @Test
    void droppedConnectionIsNamed() {
        OPENAI.then(FakeProvider.drop());
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, openAi());
        assertOpenAiError(r, 502, "upstream_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("connection_reset");
    }

    @Test
    void slowProviderTimesOutWith408() {
        OPENAI.then(FakeProvider.slow(8000, json(200, "{}")));
        long start = System.nanoTime();
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, openAi());
        assertOpenAiError(r, 408, "timeout_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("request_timeout");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(7000); // gateway.request-timeout is 5s in tests
    }

    @Test
    void streamCutMidWayEndsWithErrorEventAndNoDone() throws Exception {
        OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(OpenAiProxyTest.chunk("Hel", null)),
                Frame.sse(OpenAiProxyTest.chunk("lo", null)),
                Frame.drop())));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi())) {
            assertThat(s.status()).isEqualTo(200);
            List<String> events = s.rest();
            assertThat(events).doesNotContain("[DONE]");
            assertThat(GatewayClient.parse(events.get(events.size() - 1)).at("/error/type").asText())
                    .isEqualTo("upstream_error");
        }
    }

    @Test
    void streamEndingWithoutDoneIsReportedAsTruncated() throws Exception {
        OPENAI.then(FakeProvider.stream("text/event-stream", List.of(Frame.sse(OpenAiProxyTest.chunk("Hel", null)))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi())) {
            List<String> events = s.rest();
            assertThat(events).doesNotContain("[DONE]");
            assertThat(GatewayClient.parse(events.get(events.size() - 1)).at("/error/code").asText())
                    .isEqualTo("stream_truncated");
        }
    }

    @Test
    void streamErrorBeforeFirstByteIsAPlainHttpError() {
        OPENAI.then(json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().at("/error/message").asText()).contains("overloaded");
    }

    @Test
    void clientDisconnectCancelsTheUpstreamStream() throws Exception {
        java.util.List<Frame> frames = new java.util.ArrayList<>();
        frames.add(Frame.sse(OpenAiProxyTest.chunk("a", null)));
        for (int i = 0; i < 100; i++) {
            frames.add(Frame.sse(OpenAiProxyTest.chunk("b", null)).after(100));
        }
        frames.add(Frame.sse("[DONE]"));
        OPENAI.then(FakeProvider.stream("text/event-stream", frames));
        GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        assertThat(s.nextData()).contains("\"a\"");
        s.close();
        assertThat(OPENAI.awaitClientDisconnect(5000)).as("the provider saw the gateway hang up").isTrue();
    }
}
