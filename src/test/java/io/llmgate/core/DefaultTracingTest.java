package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * Tracing on the default configuration: no OTLP endpoint and no exporter. Trace ids are still real and
 * time-ordered, name the request in the response and the request log, and reach the provider in {@code traceparent}.
 */
class DefaultTracingTest extends GatewayTestSupport {

    static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String COMPLETION = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    @LocalServerPort
    int adminPort;

    @Value("${gateway.otel.endpoint:}")
    String otelEndpoint;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void reset() {
        OPENAI.reset();
    }

    @Test
    void theTestRunsOnTheDefaultConfiguration() {
        assertThat(otelEndpoint).as("gateway.otel.endpoint").isEmpty();
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    }

    @Test
    void traceIdsAreRealAndTimeOrderedWithoutAnExporter() throws Exception {
        OPENAI.always(json(200, COMPLETION));
        long before = Instant.now().getEpochSecond();
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-gateway-provider", "openai",
                "Authorization", "Bearer sk-test", "x-gateway-custom-host", OPENAI.baseUrl() + "/v1");
        long after = Instant.now().getEpochSecond();
        assertThat(r.status()).isEqualTo(200);

        String trace = r.header("x-gateway-trace-id");
        assertThat(trace).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        long seconds = Long.parseLong(trace.substring(0, 8), 16);
        assertThat(seconds).as("the id starts with its epoch second").isBetween(before, after);

        String traceparent = OPENAI.last().header("traceparent");
        assertThat(traceparent).matches("00-" + trace + "-[0-9a-f]{16}-01");
        assertThat(traceparent.split("-")[2]).isNotEqualTo("0".repeat(16));

        assertThat(awaitLog(adminPort, r.header("x-request-id")).path("trace_id").asText()).isEqualTo(trace);

        GatewayClient.Response next = gateway.post("/v1/chat/completions", CHAT, "x-gateway-provider", "openai",
                "Authorization", "Bearer sk-test", "x-gateway-custom-host", OPENAI.baseUrl() + "/v1");
        String nextTrace = next.header("x-gateway-trace-id");
        assertThat(nextTrace).isNotEqualTo(trace);
        assertThat(nextTrace.substring(0, 8)).isGreaterThanOrEqualTo(trace.substring(0, 8));
    }

    @Test
    void aRejectedRequestHasARealTraceIdToo() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", "{not json", "x-gateway-provider", "openai");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("x-gateway-trace-id")).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }
}
