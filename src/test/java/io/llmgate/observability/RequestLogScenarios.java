package io.llmgate.observability;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.observability.ObservabilityListener;
import io.llmgate.routes.observability.ObservedExchange;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;

/**
 * The request log end to end, run on each database: a request through the gateway, then its rows read back through
 * the admin API.
 */
public interface RequestLogScenarios {

    String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,
                      "prompt_tokens_details":{"cached_tokens":400}}}""";
    String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"api_key\":\"client-secret\"}";

    GatewayClient gateway();

    String[] openAi(String... more);

    JsonNode awaitLog(String requestId);

    ObservabilityTestSupport.Admin get(String pathAndQuery);

    ObservabilityListener observabilityListener();

    org.apache.camel.CamelContext camel();

    @BeforeEach
    default void resetProvider() {
        ObservabilityTestSupport.OPENAI.reset();
    }

    @Test
    default void successIsLoggedWithCallerTagsTokensCostAndTrace() {
        ObservabilityTestSupport.OPENAI.then(json(200, COMPLETION));
        String requestId = ObservabilityTestSupport.newRequestId();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        GatewayClient.Response r = gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId,
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01",
                "x-gateway-metadata", "{\"user\":\"alice\",\"team\":\"ml\",\"environment\":\"test\"}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-gateway-trace-id")).isEqualTo(traceId);

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("trace_id").asText()).isEqualTo(traceId);
        assertThat(log.path("endpoint").asText()).isEqualTo("chat.completions");
        assertThat(log.path("provider").asText()).isEqualTo("openai");
        assertThat(log.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(log.path("status").asInt()).isEqualTo(200);
        assertThat(log.path("error_type").isNull()).isTrue();
        assertThat(log.path("streamed").asBoolean()).isFalse();
        assertThat(log.path("cache_hit").asBoolean()).isFalse();
        assertThat(log.path("prompt_tokens").asLong()).isEqualTo(1000);
        assertThat(log.path("completion_tokens").asLong()).isEqualTo(200);
        assertThat(log.path("cached_tokens").asLong()).isEqualTo(400);
        // gpt-4o-mini: 600 x $0.15 + 400 cached x $0.075 + 200 x $0.60 per 1M tokens
        assertThat(new BigDecimal(log.path("cost").asText())).isEqualByComparingTo("0.00024");
        assertThat(log.path("latency_ms").asDouble()).isPositive();
        assertThat(log.path("upstream_ms").asDouble()).isPositive();
        assertThat(log.path("ttft_ms").isNull()).isTrue();
        assertThat(log.path("metadata").path("user").asText()).isEqualTo("alice");
        assertThat(log.path("metadata").path("environment").asText()).isEqualTo("test");
        assertThat(log.path("attempt_count").asInt()).isEqualTo(1);
        assertThat(log.path("attempts").get(0).path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(log.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
        // bodies are on in these tests, with configured fields redacted
        assertThat(log.path("request_body").asText()).contains("\"api_key\":\"[REDACTED]\"")
                .doesNotContain("client-secret");
        assertThat(log.path("response_body").asText()).contains("Hello there");
    }

    @Test
    default void streamRecordsTimeToFirstTokenAndTheFinalUsageChunk() throws Exception {
        ObservabilityTestSupport.OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("Hel", null)),
                Frame.sse(chunk("lo", null)).after(30),
                Frame.sse(chunk(null, "stop")),
                Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}"),
                Frame.sse("[DONE]"))));
        String requestId = ObservabilityTestSupport.newRequestId();
        try (GatewayClient.Stream s = gateway().stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                openAi("x-request-id", requestId))) {
            assertThat(s.status()).isEqualTo(200);
            s.rest();
        }
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("streamed").asBoolean()).isTrue();
        assertThat(log.path("ttft_ms").isNumber()).isTrue();
        assertThat(log.path("ttft_ms").asDouble()).isLessThan(log.path("latency_ms").asDouble());
        assertThat(log.path("latency_ms").asDouble()).isGreaterThanOrEqualTo(30);
        assertThat(log.path("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(log.path("completion_tokens").asLong()).isEqualTo(2);
        assertThat(log.path("usage_estimated").asBoolean()).isFalse();
        assertThat(log.path("cost").isNumber() || log.path("cost").isTextual()).isTrue();
    }

    @Test
    default void streamWithoutUsageIsCounted() throws Exception {
        ObservabilityTestSupport.OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("Hello, how are you today?", null)),
                Frame.sse(chunk(null, "stop")),
                Frame.sse("[DONE]"))));
        String requestId = ObservabilityTestSupport.newRequestId();
        try (GatewayClient.Stream s = gateway().stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                openAi("x-request-id", requestId))) {
            s.rest();
        }
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("usage_estimated").asBoolean()).isTrue();
        assertThat(log.path("completion_tokens").asLong()).isPositive();
    }

    @Test
    default void providerErrorIsLoggedWithItsTypeAndTheFailedAttempt() {
        ObservabilityTestSupport.OPENAI.then(json(500,
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}"));
        String requestId = ObservabilityTestSupport.newRequestId();
        GatewayClient.Response r = gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId));
        assertThat(r.status()).isGreaterThanOrEqualTo(500);

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("status").asInt()).isEqualTo(r.status());
        assertThat(log.path("error_type").asText()).isNotBlank();
        assertThat(log.path("error_message").asText()).isNotBlank();
        assertThat(log.path("attempts").get(0).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(log.path("attempts").get(0).path("error_type").asText()).isNotBlank();
        assertThat(log.path("response_body").asText()).contains("\"error\"");
    }

    @Test
    default void textWithSeparatorsAndEscapesIsStoredAsSent() {
        // PostgreSQL loads log rows with COPY's text format: tabs, newlines and backslashes must survive it
        ObservabilityTestSupport.OPENAI.then(json(500,
                "{\"error\":{\"message\":\"line 1\\n\\tline 2 \\\\N back\\\\slash \\u00e9t\\u00e9\","
                        + "\"type\":\"server_error\"}}"));
        String requestId = ObservabilityTestSupport.newRequestId();
        String user = "tab\there\\N\nnewline \\";
        GatewayClient.Response r = gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId,
                "x-gateway-metadata", "{\"user\":\"tab\\there\\\\N\\nnewline \\\\\","
                        + "\"path\":\"C:\\\\logs\\\\N\"}"));
        assertThat(r.status()).isGreaterThanOrEqualTo(500);

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("metadata").path("user").asText()).isEqualTo(user);
        assertThat(log.path("error_message").asText()).contains("line 1\n\tline 2 \\N back\\slash \u00e9t\u00e9");
        // (control characters are refused in query parameters by Spring Security's firewall: search by the other tag)
        JsonNode tagged = get("/admin/api/logs?metadata.path=" + java.net.URLEncoder.encode("C:\\logs\\N",
                java.nio.charset.StandardCharsets.UTF_8)).json().path("data");
        assertThat(tagged).hasSize(1);
        assertThat(tagged.get(0).path("request_id").asText()).isEqualTo(requestId);
    }

    @Test
    default void metadataWithANulCharacterIsLoggedNotLost() {
        // PostgreSQL's jsonb refuses \u0000: written as is, it would fail the COPY of the whole batch
        ObservabilityTestSupport.OPENAI.then(json(200, COMPLETION));
        String requestId = ObservabilityTestSupport.newRequestId();
        String team = "nul-" + java.util.UUID.randomUUID();
        GatewayClient.Response r = gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId,
                "x-gateway-metadata", "{\"user\":\"a\\u0000b\",\"team\":\"" + team + "\"}"));
        assertThat(r.status()).isEqualTo(200);

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("metadata").path("user").asText()).isIn("a\u0000b", "a\uFFFDb");
        JsonNode tagged = get("/admin/api/logs?metadata.team=" + team).json().path("data");
        assertThat(tagged).hasSize(1);
        assertThat(tagged.get(0).path("request_id").asText()).isEqualTo(requestId);
    }

    @Test
    default void requestRejectedBeforeParsingIsLoggedToo() {
        String requestId = ObservabilityTestSupport.newRequestId();
        GatewayClient.Response r = gateway().post("/v1/chat/completions", "{\"model\":", openAi("x-request-id",
                requestId));
        assertThat(r.status()).isEqualTo(400);
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("status").asInt()).isEqualTo(400);
        assertThat(log.path("error_type").asText()).isEqualTo("invalid_request_error");
        assertThat(log.path("error_message").asText()).contains("not valid JSON");
        assertThat(log.path("attempt_count").asInt()).isZero();
        assertThat(log.path("trace_id").asText()).isEqualTo(r.header("x-gateway-trace-id"));
    }

    @Test
    default void cacheHitIsLoggedAndCostsNothing() {
        ObservabilityTestSupport.OPENAI.then(json(200, COMPLETION));
        String requestId = ObservabilityTestSupport.newRequestId();
        gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId,
                "x-gateway-metadata", "{\"test_cache_hit\":\"true\"}"));
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("cache_hit").asBoolean()).isTrue();
        assertThat(new BigDecimal(log.path("cost").asText())).isEqualByComparingTo("0");
    }

    @Test
    default void unknownModelIsLoggedWithoutCost() {
        ObservabilityTestSupport.OPENAI.then(json(200, COMPLETION.replace("gpt-4o-mini", "my-finetune")));
        String requestId = ObservabilityTestSupport.newRequestId();
        gateway().post("/v1/chat/completions", CHAT.replace("gpt-4o-mini", "my-finetune"),
                openAi("x-request-id", requestId));
        JsonNode log = awaitLog(requestId);
        assertThat(log.path("model").asText()).isEqualTo("my-finetune");
        assertThat(log.path("cost").isNull()).isTrue();
        assertThat(log.path("prompt_tokens").asLong()).isEqualTo(1000);
    }

    /**
     * Routing with fallbacks lands separately; its attempts reach the listener as these do: one row per attempt,
     * linked to the request row, which carries the config id and the summary.
     */
    @Test
    default void fallbackGivesOneLinkedRowPerAttempt() {
        String requestId = ObservabilityTestSupport.newRequestId();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", "gpt-4o");
        GatewayRequest request = new GatewayRequest(requestId, Endpoint.CHAT_COMPLETIONS, body, Map.of(),
                Map.of("team", "fallback-test"), System.nanoTime());
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt(0, "config.targets[0]", "anthropic", "claude-3-5-sonnet-20241022", 529,
                Attempt.Outcome.RETRIED, "overloaded_error", "overloaded", 40_000_000));
        attempts.add(new Attempt(1, "config.targets[0]", "anthropic", "claude-3-5-sonnet-20241022", 529,
                Attempt.Outcome.FELL_BACK, "overloaded_error", "overloaded", 35_000_000));
        attempts.add(new Attempt(2, "config.targets[1]", "azure-openai", "gpt-4o", 0,
                Attempt.Outcome.CIRCUIT_OPEN, null, "circuit open", 0));
        attempts.add(new Attempt(3, "config.targets[2]", "openai", "gpt-4o", 200,
                Attempt.Outcome.SUCCESS, null, null, 120_000_000));
        RequestOutcome outcome = new RequestOutcome(200, "openai", "gpt-4o", new Usage(100, 50, 0), false, null,
                attempts, false, 120_000_000, 250_000_000);
        Exchange exchange = new DefaultExchange(camel());
        GatewayExchange.of(exchange).configId("cfg-fallback");
        GatewayExchange.of(exchange).caller(new CallerIdentity("key-1", "ci key", "ws-1", "org-1"));

        observabilityListener().onComplete(exchange, request, outcome);

        JsonNode log = awaitLog(requestId);
        assertThat(log.path("config_id").asText()).isEqualTo("cfg-fallback");
        assertThat(log.path("api_key_id").asText()).isEqualTo("key-1");
        assertThat(log.path("workspace_id").asText()).isEqualTo("ws-1");
        assertThat(log.path("attempt_count").asInt()).isEqualTo(4);
        assertThat(log.path("upstream_ms").asDouble()).isEqualTo(195.0);
        // gpt-4o: 100 x $2.50 + 50 x $10 per 1M tokens
        assertThat(new BigDecimal(log.path("cost").asText())).isEqualByComparingTo("0.00075");
        JsonNode rows = log.path("attempts");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).path("outcome").asText()).isEqualTo("RETRIED");
        assertThat(rows.get(1).path("outcome").asText()).isEqualTo("FELL_BACK");
        assertThat(rows.get(1).path("status").asInt()).isEqualTo(529);
        assertThat(rows.get(2).path("outcome").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(rows.get(3).path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(rows.get(3).path("option_path").asText()).isEqualTo("config.targets[2]");

        JsonNode stats = get("/admin/api/stats/providers").json().path("data");
        assertThat(stats.findValuesAsText("provider")).contains("anthropic", "openai");
    }

    @Test
    default void usageRollsUpByMetadataTag() {
        String team = "team-" + java.util.UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            ObservabilityTestSupport.OPENAI.then(json(200, COMPLETION));
            String requestId = ObservabilityTestSupport.newRequestId();
            gateway().post("/v1/chat/completions", CHAT, openAi("x-request-id", requestId,
                    "x-gateway-metadata", "{\"team\":\"" + team + "\"}"));
            awaitLog(requestId);
        }
        JsonNode rows = get("/admin/api/usage?granularity=hour&group_by=tag:team&metadata=team:" + team).json()
                .path("data");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("key").asText()).isEqualTo(team);
        assertThat(rows.get(0).path("requests").asLong()).isEqualTo(3);
        assertThat(rows.get(0).path("prompt_tokens").asLong()).isEqualTo(3000);
        assertThat(new BigDecimal(rows.get(0).path("cost").asText())).isEqualByComparingTo("0.00072");

        JsonNode byModel = get("/admin/api/usage?granularity=day&group_by=model&metadata.team=" + team).json()
                .path("data");
        assertThat(byModel.get(0).path("key").asText()).isEqualTo("gpt-4o-mini");
        assertThat(byModel.get(0).path("completion_tokens").asLong()).isEqualTo(600);
    }

    static String chunk(String content, String finish) {
        ObjectNode c = JsonNodeFactory.instance.objectNode().put("id", "c").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "gpt-4o-mini");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return c.toString();
    }
}
