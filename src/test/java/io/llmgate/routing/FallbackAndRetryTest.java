package io.llmgate.routing;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;

class FallbackAndRetryTest extends RoutingTestSupport {

    static String fallback(String... targets) {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + String.join(",", targets) + "]}";
    }

    @Test
    void fallsBackInOrderFromA503() {
        A.then(json(503, "{\"error\":{\"message\":\"A is down\"}}"));
        GatewayClient.Response r = chat(fallback(target(A), target(B), target(C)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(who(r)).isEqualTo("B");
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");
        assertThat(r.header("x-gateway-provider")).isEqualTo("openai");
        assertThat(r.header("x-gateway-retry-attempt-count")).isEqualTo("0");
        assertThat(A.count()).isEqualTo(1);
        assertThat(B.count()).isEqualTo(1);
        assertThat(C.count()).isZero();
        assertThat(B.last().header("authorization")).isEqualTo("Bearer sk-" + B.port());
    }

    @Test
    void fallsBackFromATargetThatHangsPastItsTimeout() {
        A.then(FakeProvider.slow(3000, json(200, "{}")));
        long start = System.nanoTime();
        GatewayClient.Response r = chat(fallback(target(A, "\"request_timeout\":300"), target(B)));
        assertThat(who(r)).isEqualTo("B");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    }

    @Test
    void fallsBackFromRefusedConnections() {
        String refused = "{\"provider\":\"openai\",\"api_key\":\"k\",\"custom_host\":\"http://127.0.0.1:"
                + FakeProvider.closedPort() + "/v1\"}";
        GatewayClient.Response r = chat(fallback(refused, target(B)));
        assertThat(who(r)).isEqualTo("B");
    }

    @Test
    void aClientErrorIsReturnedAtOnceNotRetriedNorFallenBack() {
        A.then(json(400, "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\"}}"));
        GatewayClient.Response r = chat("{\"strategy\":{\"mode\":\"fallback\"},\"retry\":{\"attempts\":3},\"targets\":["
                + target(A) + "," + target(B) + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("bad temperature");
        assertThat(A.count()).isEqualTo(1);
        assertThat(B.count()).isZero();
    }

    @Test
    void onStatusCodesAreRespectedAtEveryDepth() {
        // inner fallback only moves on for 429; A's 503 leaves the inner group, the outer default list takes 5xx
        String inner = "{\"strategy\":{\"mode\":\"fallback\",\"on_status_codes\":[429]},\"targets\":["
                + target(A) + "," + target(B) + "]}";
        A.then(json(503, "{\"error\":{\"message\":\"down\"}}"));
        GatewayClient.Response r = chat(fallback(inner, target(C)));
        assertThat(who(r)).isEqualTo("C");
        assertThat(B.count()).isZero();
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");

        // the outer list is [429] too: the 503 goes back to the client
        A.reset().then(json(503, "{\"error\":{\"message\":\"down\"}}"));
        C.reset().always(answer("C"));
        GatewayClient.Response r2 = chat("{\"strategy\":{\"mode\":\"fallback\",\"on_status_codes\":[429]},\"targets\":["
                + inner + "," + target(C) + "]}");
        assertThat(r2.status()).isEqualTo(503);
        assertThat(C.count()).isZero();

        // a 429 deep inside falls back inside
        A.reset().then(json(429, "{\"error\":{\"message\":\"slow down\"}}"));
        B.reset().always(answer("B"));
        GatewayClient.Response r3 = chat(fallback(inner, target(C)));
        assertThat(who(r3)).isEqualTo("B");
        assertThat(r3.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[0].targets[1]");
    }

    @Test
    void retriesHonourAttemptsAndBackoff() {
        A.then(json(503, "{\"error\":{\"message\":\"1\"}}")).then(json(503, "{\"error\":{\"message\":\"2\"}}"));
        long start = System.nanoTime();
        GatewayClient.Response r = chat("{\"retry\":{\"attempts\":2,\"on_status_codes\":[503]}," + target(A).substring(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(who(r)).isEqualTo("A");
        assertThat(A.count()).isEqualTo(3);
        assertThat(r.header("x-gateway-retry-attempt-count")).isEqualTo("2");
        // base 100 ms in tests: first wait 50..100, second 100..200
        assertThat(millis).isGreaterThanOrEqualTo(150);
    }

    @Test
    void retriesStopAtTheConfiguredAttempts() {
        A.always(json(503, "{\"error\":{\"message\":\"down\"}}"));
        GatewayClient.Response r = chat("{\"retry\":{\"attempts\":2}," + target(A).substring(1));
        assertThat(r.status()).isEqualTo(503);
        assertThat(A.count()).isEqualTo(3);
    }

    @Test
    void retryAfterHeaderIsHonoured() {
        A.then(json(429, "{\"error\":{\"message\":\"wait\"}}", Map.of("retry-after", "1")));
        long start = System.nanoTime();
        GatewayClient.Response r = chat("{\"retry\":{\"attempts\":1,\"use_retry_after_header\":true},"
                + target(A).substring(1));
        assertThat(who(r)).isEqualTo("A");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void retriesThenFallsBack() {
        A.always(json(502, "{\"error\":{\"message\":\"bad gateway\"}}"));
        GatewayClient.Response r = chat("{\"strategy\":{\"mode\":\"fallback\"},\"retry\":{\"attempts\":1},\"targets\":["
                + target(A) + "," + target(B) + "]}");
        assertThat(who(r)).isEqualTo("B");
        assertThat(A.count()).isEqualTo(2);
    }

    @Test
    void streamingFallsBackBeforeTheFirstByte() throws Exception {
        A.then(json(503, "{\"error\":{\"message\":\"down\"}}"));
        B.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"from B\"}}]}"),
                Frame.sse("[DONE]"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-gateway-config", fallback(target(A), target(B)))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");
            List<String> events = s.rest();
            assertThat(events.get(0)).contains("from B");
            assertThat(events).endsWith("[DONE]");
        }
    }

    @Test
    void streamingDoesNotFallBackAfterTheFirstByte() throws Exception {
        A.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"from A\"}}]}"),
                Frame.drop())));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-gateway-config", fallback(target(A), target(B)))) {
            List<String> events = s.rest();
            assertThat(events.get(0)).contains("from A");
            assertThat(events).doesNotContain("[DONE]");
            assertThat(events.get(events.size() - 1)).contains("\"error\"");
        }
        assertThat(B.count()).isZero();
    }

    @Test
    void overrideParamsReplaceRequestFieldsPerTarget() {
        A.then(json(503, "{\"error\":{\"message\":\"down\"}}"));
        GatewayClient.Response r = chat(fallback(target(A, "\"override_params\":{\"model\":\"gpt-4o\"}"),
                target(B, "\"override_params\":{\"model\":\"gpt-4.1-mini\",\"temperature\":0}")));
        assertThat(who(r)).isEqualTo("B");
        assertThat(A.last().json().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(B.last().json().path("model").asText()).isEqualTo("gpt-4.1-mini");
        assertThat(B.last().json().path("temperature").asInt()).isZero();
    }
}
