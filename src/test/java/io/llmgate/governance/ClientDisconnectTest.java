package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;
import io.llmgate.support.HangingProvider;

/**
 * A client that hangs up before its answer is complete: the provider call is cancelled, the request log says so
 * (status 499, code client_disconnected) for whole answers and streams alike, and spend is what the provider was
 * sent: nothing for a whole answer that never came, the prompt (counted when the provider sent no usage) plus what
 * was streamed for a stream.
 */
class ClientDisconnectTest extends GovernanceTestSupport {

    /** A 10 s provider: any hang-up the tests see within 5 s is the gateway's cancel. */
    private final HangingProvider slow = new HangingProvider(10_000, completion(10, 20));

    String ws;
    String key;
    String keyId;

    @BeforeEach
    void setUp() {
        ws = newWorkspace("disconnect");
        JsonNode created = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "dc")));
        key = created.path("key").asText();
        keyId = created.path("id").asText();
    }

    @AfterEach
    void closeProvider() throws Exception {
        slow.close();
    }

    String budget() {
        return ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "dc budget",
                "scope_type", "workspace", "period", "total", "limit_usd", 10))).path("id").asText();
    }

    JsonNode usage(String budgetId) {
        budgetEnforcer.flush();
        return ok(admin("GET", "/admin/api/budgets/" + budgetId + "/usage", null)).at("/subjects/0");
    }

    @Test
    void aWholeAnswerTheClientLeftIsCancelledLoggedAndNotCharged() throws Exception {
        String budget = budget();
        ok(admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", Map.of("name", "rpm", "scope_type",
                "api_key", "scope_ref", keyId, "metric", "requests", "window", "minute", "limit", 5)));
        String vk = ok(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys", Map.of("name", "slow",
                "provider", "openai", "secret", "sk-slow", "base_url", slow.baseUrl() + "/v1"))).path("id").asText();
        String requestId = "dc-whole-" + System.nanoTime();
        byte[] body = chat("test-model", 20).getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket("127.0.0.1", GATEWAY_PORT)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "Authorization: Bearer " + key + "\r\nx-gateway-virtual-key: " + vk + "\r\nx-request-id: "
                    + requestId + "\r\ncontent-length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await(() -> slow.requests() == 1, "the request reached the provider");
        } // the client hangs up while the provider thinks

        await(() -> slow.hangUps() == 1, "the provider saw the gateway hang up");
        await(() -> slow.open() == 0, "no connection to the provider is left open");
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("status").asInt()).isEqualTo(499);
        assertThat(log.path("error_code").asText()).isEqualTo("client_disconnected");
        assertThat(log.path("prompt_tokens").asLong()).isZero();
        JsonNode u = usage(budget);
        assertThat(u.path("spent_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(u.path("reserved_usd").decimalValue()).as("the hold is released").isEqualByComparingTo("0");

        // the request still counts against the rate limit: 5 - the cancelled one - this one
        UPSTREAM.then(FakeProvider.json(200, completion(1, 1)));
        String vkFast = newVirtualKey(ws, "sk-fast");
        GatewayClient.Response next = gateway.post("/v1/chat/completions", chat("test-model", 20),
                bearer(key, vkFast));
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.header("x-ratelimit-remaining-requests")).isEqualTo("3");
    }

    @Test
    void aStreamTheClientLeftIsLoggedAsSuchAndChargedForItsPrompt() throws Exception {
        String budget = budget();
        String vk = newVirtualKey(ws, "sk-stream");
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},"
                    + "\"finish_reason\":null}]}").after(i == 0 ? 0 : 100));
        }
        frames.add(Frame.sse("[DONE]")); // never reached; and no usage chunk at all
        UPSTREAM.then(FakeProvider.stream("text/event-stream", frames));
        String requestId = "dc-stream-" + System.nanoTime();
        GatewayClient.Stream s = gateway.stream("/v1/chat/completions", "{\"model\":\"test-model\",\"stream\":true,"
                + "\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"" + "tell me a story ".repeat(20)
                + "\"}]}", with(bearer(key, vk), "x-request-id", requestId));
        assertThat(s.nextData()).contains("word");
        assertThat(s.nextData()).contains("word");
        s.close();
        assertThat(UPSTREAM.awaitClientDisconnect(5000)).as("the provider saw the gateway hang up").isTrue();

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("status").asInt()).isEqualTo(499);
        assertThat(log.path("error_code").asText()).isEqualTo("client_disconnected");
        assertThat(log.path("streamed").asBoolean()).isTrue();
        long prompt = log.path("prompt_tokens").asLong();
        long completion = log.path("completion_tokens").asLong();
        assertThat(prompt).as("the prompt was sent to the provider: counted").isGreaterThan(50);
        assertThat(completion).isPositive();
        assertThat(log.path("usage_estimated").asBoolean()).isTrue();
        await(() -> usage(budget).path("spent_tokens").asLong() == prompt + completion, "the stream is charged");
        // test-model: $0.001 a prompt token, $0.002 a completion token
        assertThat(usage(budget).path("spent_usd").decimalValue()).isEqualByComparingTo(
                new BigDecimal("0.001").multiply(BigDecimal.valueOf(prompt))
                        .add(new BigDecimal("0.002").multiply(BigDecimal.valueOf(completion))));
    }

    JsonNode awaitLog(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode items = ok(admin("GET", "/admin/api/logs?request_id=" + requestId, null)).path("data");
            if (items.size() > 0) {
                return ok(admin("GET", "/admin/api/logs/" + items.get(0).path("id").asText(), null));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log row for " + requestId);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
