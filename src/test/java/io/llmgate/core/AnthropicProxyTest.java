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

class AnthropicProxyTest extends GatewayTestSupport {

    static final String TOOLS_REQUEST = """
            {"model":"claude-sonnet-4-5","max_tokens":256,"temperature":0.1,"stop":"END",
             "messages":[
               {"role":"system","content":"You are terse."},
               {"role":"user","content":"Weather in Paris?"},
               {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
               {"role":"tool","tool_call_id":"toolu_1","content":"18C, sunny"},
               {"role":"user","content":[{"type":"text","text":"And Rome?"}]}
             ],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":"required"}""";

    String[] anthropic() {
        return new String[] {"x-gateway-provider", "anthropic", "Authorization", "Bearer sk-ant-test",
                "x-gateway-custom-host", ANTHROPIC.baseUrl() + "/v1"};
    }

    @BeforeEach
    void reset() {
        ANTHROPIC.reset();
    }

    @Test
    void translatesRequestToolsAndResponse() {
        ANTHROPIC.then(json(200, """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Checking."},
                            {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":120,"output_tokens":30,"cache_read_input_tokens":100}}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", TOOLS_REQUEST, anthropic());

        assertThat(r.status()).isEqualTo(200);
        JsonNode sent = ANTHROPIC.last().json();
        assertThat(ANTHROPIC.last().path()).isEqualTo("/v1/messages");
        assertThat(ANTHROPIC.last().header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(ANTHROPIC.last().header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(ANTHROPIC.last().header("authorization")).isNull();
        assertThat(sent.path("system").asText()).isEqualTo("You are terse.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(sent.path("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(sent.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(sent.at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");
        JsonNode messages = sent.path("messages");
        assertThat(messages).hasSize(3); // user, assistant(tool_use), user(tool_result + text) — roles alternate
        assertThat(messages.at("/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(messages.at("/1/content/0/input/city").asText()).isEqualTo("Paris");
        assertThat(messages.at("/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(messages.at("/2/content/1/text").asText()).isEqualTo("And Rome?");

        JsonNode body = r.json();
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Checking.");
        assertThat(body.at("/choices/0/message/tool_calls/0/id").asText()).isEqualTo("toolu_2");
        assertThat(GatewayClient.parse(body.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .path("city").asText()).isEqualTo("Rome");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(220);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(30);
        assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void maxTokensDefaultsWhenTheClientSendsNone() {
        ANTHROPIC.then(json(200, "{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", anthropic());
        assertThat(r.status()).isEqualTo(200);
        assertThat(ANTHROPIC.last().json().path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamsTextAndToolCallsAsOpenAiChunks() throws Exception {
        ANTHROPIC.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_9\",\"model\":\"claude-sonnet-4-5\","
                        + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}"),
                Frame.sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                Frame.sse("ping", "{\"type\":\"ping\"}"),
                Frame.sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me \"}}"),
                Frame.sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"check.\"}}"),
                Frame.sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                Frame.sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_7\",\"name\":\"get_weather\",\"input\":{}}}"),
                Frame.sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"city\\\": \"}}"),
                Frame.sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"\\\"Rome\\\"}\"}}"),
                Frame.sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                Frame.sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":40}}"),
                Frame.sse("message_stop", "{\"type\":\"message_stop\"}"))));

        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}", anthropic())) {
            assertThat(s.status()).isEqualTo(200);
            List<String> events = s.rest();
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayClient::parse).toList();
            assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            StringBuilder text = new StringBuilder();
            StringBuilder args = new StringBuilder();
            String toolId = null;
            String finish = null;
            JsonNode usage = null;
            for (JsonNode c : chunks) {
                assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(c.path("id").asText()).isEqualTo("msg_9");
                JsonNode delta = c.at("/choices/0/delta");
                text.append(delta.path("content").asText(""));
                JsonNode call = delta.path("tool_calls").path(0);
                if (!call.isMissingNode()) {
                    assertThat(call.path("index").asInt()).isEqualTo(0);
                    if (call.has("id")) {
                        toolId = call.path("id").asText();
                        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
                    }
                    args.append(call.at("/function/arguments").asText(""));
                }
                if (c.at("/choices/0/finish_reason").isTextual()) {
                    finish = c.at("/choices/0/finish_reason").asText();
                }
                if (c.has("usage")) {
                    usage = c.get("usage");
                }
            }
            assertThat(text.toString()).isEqualTo("Let me check.");
            assertThat(toolId).isEqualTo("toolu_7");
            assertThat(GatewayClient.parse(args.toString()).path("city").asText()).isEqualTo("Rome");
            assertThat(finish).isEqualTo("tool_calls");
            assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(25);
            assertThat(usage.path("completion_tokens").asInt()).isEqualTo(40);
        }
        assertThat(ANTHROPIC.last().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void anthropicErrorEventMidStreamBecomesAnSseErrorWithoutDone() throws Exception {
        ANTHROPIC.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"c\",\"usage\":{\"input_tokens\":3}}}"),
                Frame.sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
                Frame.sse("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"c\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", anthropic())) {
            List<String> events = s.rest();
            assertThat(events).doesNotContain("[DONE]");
            JsonNode last = GatewayClient.parse(events.get(events.size() - 1));
            assertThat(last.at("/error/message").asText()).contains("Overloaded");
            assertThat(last.at("/error/provider").asText()).isEqualTo("anthropic");
        }
    }

    @Test
    void providerErrorKeepsStatusAndMessage() {
        ANTHROPIC.then(json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"messages: roles must alternate\"}}"));
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", anthropic());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("roles must alternate");
        assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.json().at("/error/provider").asText()).isEqualTo("anthropic");
    }

    @Test
    void embeddingsAreRejectedClearly() {
        GatewayClient.Response r = gateway.post("/v1/embeddings", "{\"model\":\"c\",\"input\":\"x\"}", anthropic());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("anthropic does not support /v1/embeddings");
        assertThat(ANTHROPIC.count()).isZero();
    }
}
