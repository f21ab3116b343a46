package io.llmgate.observability;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.logs.LogBodies;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.routes.observability.CamelLogSink;

/** gateway.logs.sink-uris: every row also goes, as a JSON line, to a Camel endpoint (here a file). */
class LogSinkTest extends H2ObservabilityTest {

    @Autowired
    private CamelLogSink sink;

    @Test
    void eachRowIsAppendedToTheFileEndpointAsJson() throws Exception {
        OPENAI.reset().then(json(200, RequestLogScenarios.COMPLETION));
        String requestId = newRequestId();
        gateway().post("/v1/chat/completions", RequestLogScenarios.CHAT, openAi("x-request-id", requestId,
                "x-gateway-metadata", "{\"team\":\"sink\"}"));

        JsonNode row = awaitLine(requestId);
        assertThat(row.path("provider").asText()).isEqualTo("openai");
        assertThat(row.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(row.path("status").asInt()).isEqualTo(200);
        assertThat(row.path("prompt_tokens").asLong()).isEqualTo(1000);
        assertThat(row.path("cost").asDouble()).isEqualTo(0.00024);
        assertThat(row.path("metadata").path("team").asText()).isEqualTo("sink");
        assertThat(row.path("attempts").get(0).path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(row.path("created_at").asText()).endsWith("Z");
        assertThat(row.path("request_body").asText()).contains("[REDACTED]").doesNotContain("client-secret");
    }

    /** Without sink-uris the sink tells the writer it needs no entries (so the writer keeps none alive for it). */
    @Test
    void theCamelSinkIsActiveOnlyWithSinkUris() {
        assertThat(sink.active()).isTrue();
        LogProperties none = new LogProperties();
        assertThat(new CamelLogSink(none, new ObjectMapper(), new LogBodies(none), new SimpleMeterRegistry()).active())
                .isFalse();
    }

    private JsonNode awaitLine(String requestId) throws IOException, InterruptedException {
        Path file = Path.of(SINK_FILE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines) {
                    if (line.contains(requestId)) {
                        return JSON.readTree(line);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line for " + requestId + " in " + file);
    }
}
