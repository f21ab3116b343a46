package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/** A streamed call that fails reports the provider's error, not the cancellation the gateway makes afterwards. */
class StreamingErrorTest extends GatewayTestSupport {

    static final String REQUEST =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    String[] openAi() {
        return new String[] {"x-gateway-provider", "openai", "Authorization", "Bearer sk-test",
                "x-gateway-custom-host", OPENAI.baseUrl() + "/v1"};
    }

    @BeforeEach
    void reset() {
        OPENAI.reset();
    }

    @Test
    void errorStatusOfAStreamedCallIsAnsweredAsItIs() throws Exception {
        OPENAI.then(json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}"));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", REQUEST, openAi())) {
            assertThat(s.status()).isEqualTo(429);
            JsonNode error = GatewayClient.parse(s.remainingBody()).path("error");
            assertThat(error.path("message").asText()).contains("Rate limit reached");
            assertThat(error.path("provider").asText()).isEqualTo("openai");
        }
    }

    @Test
    void unreadableChunkMidStreamIsReportedAsSuch() throws Exception {
        OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"),
                Frame.sse("{not json"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", REQUEST, openAi())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(2);
            JsonNode error = GatewayClient.parse(events.get(1)).path("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_upstream_response");
            assertThat(events).doesNotContain("[DONE]");
        }
    }
}
