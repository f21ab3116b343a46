package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/** Sliding-window rate limits: accuracy over time (moved by the test clock), headers, Retry-After, tokens. */
class RateLimitTest extends GovernanceTestSupport {

    String ws;
    String vk;
    String key;
    String keyId;

    @BeforeEach
    void setUp() {
        ws = newWorkspace("ratelimit");
        vk = newVirtualKey(ws, "sk-ratelimit-provider");
        var created = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "rl")));
        key = created.path("key").asText();
        keyId = created.path("id").asText();
        UPSTREAM.always(json(200, completion(10, 10)));
    }

    void limit(String scopeType, String scopeRef, String metric, String window, long limit) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", metric + "/" + window, "scope_type",
                scopeType, "metric", metric, "window", window, "limit", limit));
        if (scopeRef != null) {
            body.put("scope_ref", scopeRef);
        }
        ok(admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", body));
    }

    GatewayClient.Response send(String apiKey, String... extra) {
        List<String> h = new ArrayList<>(List.of(bearer(apiKey, vk)));
        h.addAll(List.of(extra));
        return gateway.post("/v1/chat/completions", chat("test-model", 20), h.toArray(String[]::new));
    }

    @Test
    void requestsPerMinuteSlideAccurately() {
        limit("api_key", keyId, "requests", "minute", 5);
        for (int i = 0; i < 3; i++) {
            GatewayClient.Response r = send(key);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-ratelimit-limit-requests")).isEqualTo("5");
            assertThat(r.header("x-ratelimit-remaining-requests")).isEqualTo(String.valueOf(4 - i));
            assertThat(r.header("x-ratelimit-reset-requests")).matches("\\d+(ms|s)|\\d+m\\d+s");
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(send(key).status()).isEqualTo(200);
        assertThat(send(key).header("x-ratelimit-remaining-requests")).isEqualTo("0");

        GatewayClient.Response refused = send(key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/type").asText()).isEqualTo("requests");
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.json().at("/error/message").asText()).contains("5 requests per minute");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(29L, 31L);   // the first three leave the window at t0 + 60 s
        assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(UPSTREAM.count()).isEqualTo(5);

        // the test clock is real time plus what tests add: leave 2 s for a loaded machine's own time to pass
        clock.advance(Duration.ofSeconds(28));
        assertThat(send(key).status()).as("t0 + 58 s: still five in the last minute").isEqualTo(429);
        clock.advance(Duration.ofMillis(2300));
        for (int i = 0; i < 3; i++) {
            assertThat(send(key).status()).as("t0 + 60.3 s: the first three have left").isEqualTo(200);
        }
        assertThat(send(key).status()).as("the two from t0 + 30 s still count").isEqualTo(429);
        clock.advance(Duration.ofSeconds(31));
        assertThat(send(key).status()).isEqualTo(200);
    }

    @Test
    void tokensPerMinuteCountTheRealUsage() {
        limit("api_key", "*", "tokens", "minute", 100);
        // each request is counted at its estimate (8 + 20 = 28) and corrected to its usage (20) when it ends
        GatewayClient.Response first = send(key);
        assertThat(first.header("x-ratelimit-remaining-tokens")).isEqualTo("72");
        assertThat(send(key).header("x-ratelimit-remaining-tokens")).isEqualTo("52");
        assertThat(send(key).header("x-ratelimit-remaining-tokens")).isEqualTo("32");
        assertThat(send(key).header("x-ratelimit-remaining-tokens")).isEqualTo("12");
        GatewayClient.Response refused = send(key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/type").asText()).isEqualTo("tokens");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.header("x-ratelimit-limit-tokens")).isEqualTo("100");
        clock.advance(Duration.ofSeconds(61));
        assertThat(send(key).status()).isEqualTo(200);
    }

    @Test
    void workspaceAndUserScopes() {
        limit("workspace", null, "requests", "hour", 4);
        limit("user", "*", "requests", "minute", 1);
        String otherKey = newApiKey(ws);
        assertThat(send(key, "x-gateway-metadata", "{\"_user\":\"ann\"}").status()).isEqualTo(200);
        assertThat(send(key, "x-gateway-metadata", "{\"_user\":\"ann\"}").status()).isEqualTo(429);
        assertThat(send(otherKey, "x-gateway-metadata", "{\"_user\":\"ben\"}").status()).isEqualTo(200);
        assertThat(send(otherKey).status()).isEqualTo(200);
        GatewayClient.Response r = send(key);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-ratelimit-limit-requests")).as("the tightest limit is shown").isEqualTo("4");
        assertThat(r.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        GatewayClient.Response refused = send(otherKey);
        assertThat(refused.status()).as("the workspace's 4 per hour are used").isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThan(3000);
        // a refused request counts against nothing: ann's minute frees up as expected
        clock.advance(Duration.ofMinutes(61));
        assertThat(send(key, "x-gateway-metadata", "{\"_user\":\"ann\"}").status()).isEqualTo(200);
    }

    @Test
    void streamsCarryTheHeadersToo() throws Exception {
        limit("api_key", keyId, "requests", "minute", 10);
        UPSTREAM.reset().then(io.llmgate.support.FakeProvider.stream("text/event-stream", List.of(
                io.llmgate.support.FakeProvider.Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                        + "\"created\":1,\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}"),
                io.llmgate.support.FakeProvider.Frame.sse("[DONE]"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", "{\"model\":\"test-model\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", bearer(key, vk))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("x-ratelimit-remaining-requests")).isEqualTo("9");
            s.rest();
        }
    }

    @Test
    void rateLimitsAreValidated() {
        Response r = admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", Map.of("name", "x",
                "scope_type", "workspace", "metric", "bananas", "window", "minute", "limit", 3));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("metric");
        Response zero = admin("POST", "/admin/api/workspaces/" + ws + "/rate-limits", Map.of("name", "x",
                "scope_type", "workspace", "metric", "requests", "window", "minute", "limit", 0));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(ok(admin("GET", "/admin/api/workspaces/" + ws + "/rate-limits", null)).path("data")).isEmpty();
    }
}
