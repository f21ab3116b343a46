package io.llmgate.routing;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.TestExtensions;

class CircuitBreakerTest extends RoutingTestSupport {

    @LocalServerPort
    int adminPort;

    final HttpClient http = HttpClient.newHttpClient();

    /** Opens after 2 failures out of the last 2 calls, waits 60 s (on the test clock) before probing with 1 call. */
    static String breaker(FakeProvider p, String key) {
        return target(p, "\"api_key\":\"" + key + "\",\"circuit_breaker\":{\"minimum_calls\":2,\"sliding_window_size\":2,"
                + "\"failure_rate_threshold\":50,\"wait_duration_open_ms\":60000,\"half_open_calls\":1}")
                .replaceFirst("\"api_key\":\"sk-[0-9]+\",", "");
    }

    JsonNode breakers() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/admin/api/circuit-breakers")).header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return GatewayClient.parse(r.body()).path("data");
    }

    /** Breakers are listed by target identity, which holds a hash of the key, never the key itself. */
    String targetOf(String apiKey) throws Exception {
        for (JsonNode b : breakers()) {
            if (b.path("target").asText().endsWith("key:" + Integer.toHexString(apiKey.hashCode()))) {
                return b.path("target").asText();
            }
        }
        return null;
    }

    String state(String apiKey) throws Exception {
        for (JsonNode b : breakers()) {
            if (b.path("target").asText().endsWith("key:" + Integer.toHexString(apiKey.hashCode()))) {
                return b.path("state").asText();
            }
        }
        return "NONE";
    }

    @Test
    void opensIsSkippedHalfOpensAfterTheWaitAndClosesOnSuccess() throws Exception {
        String key = "cb-open-" + System.nanoTime();
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + breaker(A, key) + "," + target(B) + "]}";
        A.always(json(503, "{\"error\":{\"message\":\"A down\"}}"));

        assertThat(who(chat(config))).isEqualTo("B");
        assertThat(who(chat(config))).isEqualTo("B");
        assertThat(A.count()).isEqualTo(2);
        assertThat(state(key)).isEqualTo("OPEN");

        // open: A is skipped without being called
        assertThat(who(chat(config))).isEqualTo("B");
        assertThat(A.count()).isEqualTo(2);

        // after the wait, one probe goes through; A has recovered, so the breaker closes
        A.always(answer("A"));
        TestExtensions.ROUTING_CLOCK.advance(Duration.ofSeconds(61));
        assertThat(who(chat(config))).isEqualTo("A");
        assertThat(state(key)).isEqualTo("CLOSED");
        assertThat(who(chat(config))).isEqualTo("A");
    }

    @Test
    void whenEveryTargetIsOpenTheyAreTriedAnyway() throws Exception {
        String keyA = "cb-all-a-" + System.nanoTime();
        String keyB = "cb-all-b-" + System.nanoTime();
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + breaker(A, keyA) + "," + breaker(B, keyB) + "]}";
        A.always(json(503, "{\"error\":{\"message\":\"A down\"}}"));
        B.always(json(503, "{\"error\":{\"message\":\"B down\"}}"));
        chat(config);
        chat(config);
        assertThat(state(keyA)).isEqualTo("OPEN");
        assertThat(state(keyB)).isEqualTo("OPEN");

        A.always(answer("A"));
        GatewayClient.Response r = chat(config);
        assertThat(r.status()).isEqualTo(200);
        assertThat(who(r)).isEqualTo("A");
    }

    @Test
    void opsCanForceABreakerOpenAndClosed() throws Exception {
        String key = "cb-manual-" + System.nanoTime();
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + breaker(A, key) + "," + target(B) + "]}";
        assertThat(who(chat(config))).isEqualTo("A");
        String target = targetOf(key);
        assertThat(target).isNotNull();
        assertThat(breakers().toString()).doesNotContain(key);
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                        + "/admin/api/circuit-breakers/state?action=open&target="
                        + URLEncoder.encode(target, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(who(chat(config))).isEqualTo("B");

        HttpResponse<String> close = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                        + "/admin/api/circuit-breakers/state?action=close&target="
                        + URLEncoder.encode(target, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(close.statusCode()).isEqualTo(200);
        assertThat(who(chat(config))).isEqualTo("A");
    }
}
