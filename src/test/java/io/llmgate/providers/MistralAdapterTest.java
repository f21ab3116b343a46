package io.llmgate.providers;

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

class MistralAdapterTest extends GatewayTestSupport {

    static final String REQUEST = "{\"model\":\"mistral-small-latest\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    String[] mistral() {
        return new String[] {"x-gateway-provider", "mistral", "Authorization", "Bearer mistral-key",
                "x-gateway-custom-host", MISTRAL.baseUrl() + "/v1"};
    }

    @BeforeEach
    void reset() {
        MISTRAL.reset();
    }

    @Test
    void openAiOnlyFieldsAreDroppedAndRenamed() {
        MISTRAL.then(json(200, """
                {"id":"cmpl-m1","object":"chat.completion","created":1700000000,"model":"mistral-small-latest",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"",
                   "tool_calls":[{"id":"D681PevKs","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Lyon\\"}"}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":70,"completion_tokens":22,"total_tokens":92}}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"mistral-small-latest",
                 "messages":[
                   {"role":"system","content":"You are a weather bot."},
                   {"role":"user","name":"alice","content":"Weather in Paris, then Lyon?"},
                   {"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_7fQ2xkT9aLpR3mZ","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_7fQ2xkT9aLpR3mZ","name":"get_weather","content":"18C"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string"}}}}}],
                 "tool_choice":"required","parallel_tool_calls":false,
                 "max_tokens":50,"max_completion_tokens":100,"seed":42,"n":2,"presence_penalty":0.5,"safe_prompt":true,
                 "logprobs":true,"top_logprobs":2,"logit_bias":{"50256":-100},"user":"u-1","store":true,
                 "metadata":{"a":"b"},"service_tier":"auto","stream_options":null}""", mistral());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = MISTRAL.last();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer mistral-key");
        JsonNode body = sent.json();
        for (String dropped : List.of("logprobs", "top_logprobs", "logit_bias", "user", "store", "metadata",
                "service_tier", "stream_options", "max_completion_tokens", "seed")) {
            assertThat(body.has(dropped)).as(dropped + " is not a Mistral field").isFalse();
        }
        assertThat(body.path("max_tokens").asInt()).as("max_completion_tokens wins, as at OpenAI").isEqualTo(100);
        assertThat(body.path("random_seed").asInt()).isEqualTo(42);
        assertThat(body.path("tool_choice").asText()).isEqualTo("any");
        assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(body.path("n").asInt()).isEqualTo(2);
        assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.path("safe_prompt").asBoolean()).isTrue();
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");

        JsonNode messages = body.path("messages");
        assertThat(messages.get(1).has("name")).as("Mistral takes name on tool messages only").isFalse();
        assertThat(messages.get(2).has("content")).as("null fields are left out").isFalse();
        assertThat(messages.get(2).has("refusal")).isFalse();
        String callId = messages.get(2).at("/tool_calls/0/id").asText();
        assertThat(callId).matches("[A-Za-z0-9]{9}");
        assertThat(messages.get(3).path("tool_call_id").asText()).as("call and answer still match").isEqualTo(callId);
        assertThat(messages.get(3).path("name").asText()).isEqualTo("get_weather");

        JsonNode out = r.json();
        assertThat(out.at("/choices/0/message/tool_calls/0/id").asText()).isEqualTo("D681PevKs");
        assertThat(GatewayClient.parse(out.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .path("city").asText()).isEqualTo("Lyon");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(70);
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(92);
    }

    @Test
    void contentBlocksOfReasoningModelsBecomeText() {
        MISTRAL.then(json(200, """
                {"id":"cmpl-m2","object":"chat.completion","created":1,"model":"magistral-medium-latest",
                 "choices":[{"index":0,"message":{"role":"assistant","content":[
                   {"type":"thinking","thinking":[{"type":"text","text":"6 times 7..."}]},{"type":"text","text":"42"}]},
                   "finish_reason":"model_length"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", REQUEST + "}", mistral());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("42");
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void streamUsageInTheLastChunkBecomesAChunkOfItsOwn() throws Exception {
        List<Frame> frames = List.of(
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null, null)),
                Frame.sse(chunk("{\"content\":\"Bon\"}", null, null)),
                Frame.sse(chunk("{\"content\":\"jour\"}", "stop",
                        "{\"prompt_tokens\":6,\"total_tokens\":9,\"completion_tokens\":3}")),
                Frame.sse("[DONE]"));

        MISTRAL.then(FakeProvider.stream("text/event-stream", frames));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", REQUEST + ",\"stream\":true}", mistral())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(4);
            assertThat(GatewayClient.parse(events.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("Bon");
            JsonNode last = GatewayClient.parse(events.get(2));
            assertThat(last.at("/choices/0/delta/content").asText()).isEqualTo("jour");
            assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(events).as("usage was not asked for").noneMatch(e -> e.contains("\"usage\""));
            assertThat(events.get(3)).isEqualTo("[DONE]");
        }

        MISTRAL.then(FakeProvider.stream("text/event-stream", frames));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                REQUEST + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}", mistral())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(5);
            assertThat(GatewayClient.parse(events.get(2)).has("usage")).isFalse();
            JsonNode usage = GatewayClient.parse(events.get(3));
            assertThat(usage.path("choices")).isEmpty();
            assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
            assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
            assertThat(events.get(4)).isEqualTo("[DONE]");
        }
        assertThat(MISTRAL.last().json().has("stream_options")).as("Mistral rejects stream_options").isFalse();
        assertThat(MISTRAL.last().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void streamCutOffMidWayEndsWithAnErrorEvent() throws Exception {
        MISTRAL.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"Bon\"}", null, null)),
                Frame.drop())));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", REQUEST + ",\"stream\":true}", mistral())) {
            List<String> events = s.rest();
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("Bon");
            JsonNode error = GatewayClient.parse(events.get(events.size() - 1)).path("error");
            assertThat(error.path("provider").asText()).isEqualTo("mistral-ai");
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void providerErrorsKeepStatusAndMessage() {
        MISTRAL.then(json(422, """
                {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","foo"],
                 "msg":"Extra inputs are not permitted","input":1}]},"type":"invalid_request_error","param":null,"code":null}"""));
        GatewayClient.Response invalid = gateway.post("/v1/chat/completions", REQUEST + "}", mistral());
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().at("/error/message").asText()).contains("Extra inputs are not permitted");
        assertThat(invalid.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(invalid.json().at("/error/provider").asText()).isEqualTo("mistral-ai");

        MISTRAL.then(json(429, "{\"message\":\"Requests rate limit exceeded\"}"));
        GatewayClient.Response limited = gateway.post("/v1/chat/completions", REQUEST + "}", mistral());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().at("/error/message").asText()).contains("Requests rate limit exceeded");
        assertThat(limited.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void embeddingsTakeMistralsFieldNames() {
        MISTRAL.then(json(200, """
                {"id":"emb-1","object":"list","model":"mistral-embed","usage":{"prompt_tokens":4,"total_tokens":4},
                 "data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]},{"object":"embedding","index":1,"embedding":[0.3,0.4]}]}"""));

        GatewayClient.Response r = gateway.post("/v1/embeddings",
                "{\"model\":\"mistral-embed\",\"input\":[\"a\",\"b\"],\"dimensions\":2,\"user\":\"u-1\"}", mistral());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/data/1/embedding/1").asDouble()).isEqualTo(0.4);
        JsonNode sent = MISTRAL.last().json();
        assertThat(MISTRAL.last().path()).isEqualTo("/v1/embeddings");
        assertThat(sent.path("output_dimension").asInt()).isEqualTo(2);
        assertThat(sent.has("dimensions")).isFalse();
        assertThat(sent.has("user")).isFalse();
        assertThat(sent.at("/input/1").asText()).isEqualTo("b");
    }

    @Test
    void modelsAreListedAndCompletionsRefused() {
        MISTRAL.then(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"mistral-large-latest\",\"object\":\"model\","
                + "\"created\":1700000000,\"owned_by\":\"mistralai\"}]}"));
        GatewayClient.Response models = gateway.get("/v1/models", mistral());
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().at("/data/0/id").asText()).isEqualTo("mistral-large-latest");
        assertThat(MISTRAL.last().path()).isEqualTo("/v1/models");

        GatewayClient.Response completions = gateway.post("/v1/completions",
                "{\"model\":\"codestral-latest\",\"prompt\":\"def f(\"}", mistral());
        assertThat(completions.status()).isEqualTo(400);
        assertThat(completions.json().at("/error/message").asText()).contains("/v1/completions");
        assertThat(MISTRAL.count()).isEqualTo(1);
    }

    static String chunk(String delta, String finish, String usage) {
        return "{\"id\":\"cmpl-m3\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"mistral-small-latest\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]"
                + (usage == null ? "" : ",\"usage\":" + usage) + "}";
    }
}
