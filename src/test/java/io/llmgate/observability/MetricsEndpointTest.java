package io.llmgate.observability;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.Usage;

class MetricsEndpointTest extends H2ObservabilityTest {

    @Test
    void prometheusScrapeAtSlashMetricsHasTheGatewayAndCamelSeries() {
        OPENAI.reset().then(json(200, RequestLogScenarios.COMPLETION));
        gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        OPENAI.then(json(500, "{\"error\":{\"message\":\"boom\"}}"));
        gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        gateway().post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                openAi("x-gateway-metadata", "{\"test_cache_hit\":\"true\"}"));
        recordRoutedAttempts();

        ObservabilityTestSupport.Admin scrape = get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        String m = scrape.body();
        assertThat(m).contains("llmgate_requests_total{", "provider=\"openai\"", "model=\"gpt-4o-mini\"",
                "status=\"200\"");
        assertThat(m).contains("llmgate_request_latency_seconds{", "quantile=\"0.95\"",
                "llmgate_request_latency_seconds_count{");
        assertThat(m).contains("llmgate_upstream_latency_seconds{");
        assertThat(m).contains("llmgate_tokens_total{", "type=\"input\"", "type=\"output\"", "type=\"cached\"");
        assertThat(m).contains("llmgate_cost_usd_total{");
        assertThat(m).contains("llmgate_errors_total{");
        assertThat(m).contains("llmgate_cache_hits_total{");
        assertThat(m).contains("llmgate_fallbacks_total{", "llmgate_retries_total{", "llmgate_circuit_open_total{");
        assertThat(m).contains("llmgate_log_queue_depth", "llmgate_log_queue_capacity", "llmgate_log_dropped_total{",
                "llmgate_log_written_total");
        assertThat(m).contains("llmgate_cost_unknown_total{");
        // Camel's own route metrics (camel-micrometer)
        assertThat(m).containsPattern("camel_(route_policy|exchanges)\\w*\\{[^}]*routeId=\"gateway-in\"");
    }

    /** Attempts as routing configs produce them (routing lands separately). */
    private void recordRoutedAttempts() {
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt(0, "t[0]", "anthropic", "claude-3-5-haiku", 529, Attempt.Outcome.RETRIED,
                "overloaded_error", "x", 1_000_000));
        attempts.add(new Attempt(1, "t[0]", "anthropic", "claude-3-5-haiku", 529, Attempt.Outcome.FELL_BACK,
                "overloaded_error", "x", 1_000_000));
        attempts.add(new Attempt(2, "t[1]", "google", "gemini-2.0-flash", 0, Attempt.Outcome.CIRCUIT_OPEN,
                null, null, 0));
        attempts.add(new Attempt(3, "t[2]", "openai", "unpriced-model", 200, Attempt.Outcome.SUCCESS, null, null,
                1_000_000));
        observabilityListener().onComplete(new DefaultExchange(camel()),
                new GatewayRequest("req-metrics", Endpoint.CHAT_COMPLETIONS,
                        JsonNodeFactory.instance.objectNode().put("model", "unpriced-model"), Map.of(), Map.of(),
                        System.nanoTime()),
                new RequestOutcome(200, "openai", "unpriced-model", new Usage(1, 1, 0), false, null, attempts,
                        false, 1_000_000, 3_000_000));
        assertThat(BigDecimal.ONE).isNotNull();
    }
}
