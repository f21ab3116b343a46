package io.llmgate.observability;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.GatewayClient;

class TracingTest extends H2ObservabilityTest {

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String CLIENT_SPAN = "b7ad6b7169203331";

    @BeforeEach
    void reset() {
        OPENAI.reset();
    }

    @Test
    void clientTraceparentReachesTheProviderAndSpansCarryGenAiAttributes() {
        OPENAI.then(json(200, RequestLogScenarios.COMPLETION));
        GatewayClient.Response r = gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"temperature\":0.3,\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                openAi("traceparent", "00-" + TRACE + "-" + CLIENT_SPAN + "-01", "tracestate", "vendor=abc"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-gateway-trace-id")).isEqualTo(TRACE);

        String sent = OPENAI.last().header("traceparent");
        assertThat(sent).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        String gatewaySpan = sent.split("-")[2];
        assertThat(gatewaySpan).isNotEqualTo(CLIENT_SPAN);
        assertThat(OPENAI.last().header("tracestate")).isEqualTo("vendor=abc");

        List<SpanData> spans = spansOf(TRACE, 3);
        SpanData server = only(spans, SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(server.getSpanId()).isEqualTo(gatewaySpan);
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);

        SpanData attempt = only(spans, SpanKind.INTERNAL);
        assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("llmgate.attempt.outcome")))
                .isEqualTo("SUCCESS");

        SpanData call = only(spans, SpanKind.CLIENT);
        assertThat(call.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(call.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1000L);
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(200L);
        assertThat(call.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.3);
        assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(64L);
    }

    @Test
    void withoutTraceparentANewTraceIsStartedAndPropagated() {
        OPENAI.then(json(200, RequestLogScenarios.COMPLETION));
        GatewayClient.Response r = gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        String trace = r.header("x-gateway-trace-id");
        assertThat(trace).matches("[0-9a-f]{32}");
        assertThat(OPENAI.last().header("traceparent")).startsWith("00-" + trace + "-");
        assertThat(spansOf(trace, 3)).hasSize(3);
    }

    @Test
    void failedAttemptSpanIsAnError() {
        OPENAI.then(json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        GatewayClient.Response r = gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        assertThat(r.status()).isEqualTo(429);
        List<SpanData> spans = spansOf(r.header("x-gateway-trace-id"), 3);
        SpanData call = only(spans, SpanKind.CLIENT);
        assertThat(call.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        assertThat(only(spans, SpanKind.SERVER).getStatus().getStatusCode().name()).isEqualTo("ERROR");
    }

    @Test
    void rejectedRequestStillEndsItsSpan() {
        GatewayClient.Response r = gateway().post("/v1/chat/completions", "{not json", openAi());
        assertThat(r.status()).isEqualTo(400);
        SpanData server = only(spansOf(r.header("x-gateway-trace-id"), 1), SpanKind.SERVER);
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(400L);
    }

    @Test
    void spansAreExportedOverOtlpWhenAnEndpointIsSet() {
        OPENAI.then(json(200, RequestLogScenarios.COMPLETION));
        gateway().post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (COLLECTOR.received().stream().noneMatch(q -> q.path().equals("/v1/traces"))
                && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(COLLECTOR.received()).anySatisfy(q -> {
            assertThat(q.path()).isEqualTo("/v1/traces");
            assertThat(q.header("content-type")).isEqualTo("application/x-protobuf");
        });
    }

    static List<SpanData> spansOf(String traceId, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<SpanData> spans;
        do {
            spans = SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (spans.size() >= atLeast) {
                return spans;
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + atLeast + " spans of trace " + traceId + ", got " + spans);
    }

    static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> of = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(of).as(kind + " spans").hasSize(1);
        return of.get(0);
    }
}
