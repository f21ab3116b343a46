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

class OllamaAdapterTest extends GatewayTestSupport {

    static final String NDJSON = "application/x-ndjson";
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    /** A local Ollama takes no key. */
    String[] ollama() {
        return new String[] {"x-gateway-provider", "ollama", "x-gateway-custom-host", OLLAMA.baseUrl()};
    }

    @BeforeEach
    void reset() {
        OLLAMA.reset();
    }

    @Test
    void chatRequestIsTranslatedToApiChat() {
        OLLAMA.then(json(200, """
                {"model":"llava:7b","created_at":"2024-12-01T10:15:30.123456Z",
                 "message":{"role":"assistant","content":"A red square."},"done":true,"done_reason":"stop",
                 "total_duration":5191566416,"prompt_eval_count":26,"eval_count":5}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"llava:7b",
                 "messages":[
                   {"role":"system","content":"Describe images briefly."},
                   {"role":"user","content":[{"type":"text","text":"What is this?"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]},
                   {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"zoom","arguments":"{\\"factor\\":2}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"zoomed"}],
                 "tools":[{"type":"function","function":{"name":"zoom","description":"Zoom in",
                   "parameters":{"type":"object","properties":{"factor":{"type":"number"}}}}}],
                 "temperature":0.2,"top_p":0.8,"max_tokens":64,"stop":"###","seed":11,
                 "response_format":{"type":"json_object"}}""".formatted(PNG), ollama());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = OLLAMA.last();
        assertThat(sent.path()).isEqualTo("/api/chat");
        assertThat(sent.header("authorization")).isNull();
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo("llava:7b");
        assertThat(body.has("stream")).as("Ollama streams unless told not to").isTrue();
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        JsonNode options = body.path("options");
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(options.path("top_p").asDouble()).isEqualTo(0.8);
        assertThat(options.path("num_predict").asInt()).isEqualTo(64);
        assertThat(options.at("/stop/0").asText()).isEqualTo("###");
        assertThat(options.path("seed").asInt()).isEqualTo(11);
        assertThat(body.path("format").asText()).isEqualTo("json");

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Describe images briefly.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("What is this?");
        assertThat(messages.get(1).at("/images/0").asText()).as("base64 without the data: prefix").isEqualTo(PNG);
        assertThat(messages.get(2).at("/tool_calls/0/function/name").asText()).isEqualTo("zoom");
        assertThat(messages.get(2).at("/tool_calls/0/function/arguments/factor").asInt())
                .as("arguments as an object").isEqualTo(2);
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_name").asText()).isEqualTo("zoom");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("zoomed");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("zoom");
        assertThat(body.at("/tools/0/function/parameters/properties/factor/type").asText()).isEqualTo("number");

        JsonNode out = r.json();
        assertThat(out.path("object").asText()).isEqualTo("chat.completion");
        assertThat(out.path("id").asText()).startsWith("chatcmpl-");
        assertThat(out.path("created").asLong()).isEqualTo(1733048130L);
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("A red square.");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(26);
        assertThat(out.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(31);
    }

    @Test
    void toolCallsComeBackAsOpenAiToolCalls() {
        OLLAMA.then(json(200, """
                {"model":"llama3.2","created_at":"2024-12-01T10:15:30Z","message":{"role":"assistant","content":"",
                  "tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Toronto"}}},
                                {"function":{"name":"get_time","arguments":{"tz":"EST"}}}]},
                 "done":true,"done_reason":"stop","prompt_eval_count":90,"eval_count":30}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"llama3.2","messages":[{"role":"user","content":"Weather and time in Toronto?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"get_time"}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""",
                "x-gateway-provider", "ollama", "x-gateway-custom-host", OLLAMA.baseUrl(),
                "Authorization", "Bearer ollama-cloud-key");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(OLLAMA.last().header("authorization")).isEqualTo("Bearer ollama-cloud-key");
        JsonNode tools = OLLAMA.last().json().path("tools");
        assertThat(tools).as("a named tool_choice sends only that tool").hasSize(1);
        assertThat(tools.at("/0/function/name").asText()).isEqualTo("get_weather");

        JsonNode message = r.json().at("/choices/0/message");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode calls = message.path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("id").asText()).startsWith("call_");
        assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(GatewayClient.parse(calls.get(0).at("/function/arguments").asText()).path("city").asText())
                .isEqualTo("Toronto");
        assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void ndjsonStreamIsTranslatedChunkByChunk() throws Exception {
        OLLAMA.then(FakeProvider.stream(NDJSON, List.of(
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"Hel\"}", false, null)),
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"lo\"}", false, null)),
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                        + "{\"name\":\"lookup\",\"arguments\":{\"q\":\"hi\"}}}]}", false, null)),
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"\"}", true,
                        "\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":7")))));

        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", """
                {"model":"llama3.2","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"lookup"}}]}""", ollama())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("content-type")).startsWith("text/event-stream");
            List<String> events = s.rest();
            assertThat(events).hasSize(6);
            JsonNode first = GatewayClient.parse(events.get(0));
            assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(first.at("/choices/0/delta/content").asText()).isEqualTo("Hel");
            assertThat(GatewayClient.parse(events.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("lo");
            assertThat(GatewayClient.parse(events.get(1)).path("id").asText()).isEqualTo(first.path("id").asText());
            JsonNode call = GatewayClient.parse(events.get(2)).at("/choices/0/delta/tool_calls/0");
            assertThat(call.path("index").asInt()).isEqualTo(0);
            assertThat(call.path("id").asText()).startsWith("call_");
            assertThat(call.at("/function/name").asText()).isEqualTo("lookup");
            assertThat(GatewayClient.parse(call.at("/function/arguments").asText()).path("q").asText()).isEqualTo("hi");
            assertThat(GatewayClient.parse(events.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
            JsonNode usage = GatewayClient.parse(events.get(4));
            assertThat(usage.path("choices")).isEmpty();
            assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
            assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(7);
            assertThat(events.get(5)).isEqualTo("[DONE]");
        }
        assertThat(OLLAMA.last().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void streamWithoutItsDoneLineEndsWithAnErrorEvent() throws Exception {
        OLLAMA.then(FakeProvider.stream(NDJSON, List.of(
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"Once upon\"}", false, null)),
                Frame.line(line("{\"role\":\"assistant\",\"content\":\" a time\"}", false, null)))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", ollama())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(3);
            assertThat(GatewayClient.parse(events.get(1)).at("/choices/0/delta/content").asText()).isEqualTo(" a time");
            JsonNode error = GatewayClient.parse(events.get(2)).path("error");
            assertThat(error.path("code").asText()).isEqualTo("stream_truncated");
            assertThat(error.path("provider").asText()).isEqualTo("ollama");
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void errorLineMidStreamEndsWithTheProviderMessage() throws Exception {
        OLLAMA.then(FakeProvider.stream(NDJSON, List.of(
                Frame.line(line("{\"role\":\"assistant\",\"content\":\"Once\"}", false, null)),
                Frame.line("{\"error\":\"an error was encountered while running the model: unexpected EOF\"}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", ollama())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(2);
            JsonNode error = GatewayClient.parse(events.get(1)).path("error");
            assertThat(error.path("message").asText()).contains("unexpected EOF");
            assertThat(error.path("provider").asText()).isEqualTo("ollama");
        }
    }

    @Test
    void completionsUseApiGenerate() throws Exception {
        OLLAMA.then(json(200, """
                {"model":"codellama","created_at":"2024-12-01T10:15:30Z","response":"return a + b","done":true,
                 "done_reason":"length","context":[1,2,3],"prompt_eval_count":8,"eval_count":4}"""));
        GatewayClient.Response r = gateway.post("/v1/completions", """
                {"model":"codellama","prompt":"def add(a, b):","suffix":"\\n","max_tokens":4,"temperature":0}""", ollama());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(OLLAMA.last().path()).isEqualTo("/api/generate");
        JsonNode sent = OLLAMA.last().json();
        assertThat(sent.path("prompt").asText()).isEqualTo("def add(a, b):");
        assertThat(sent.path("suffix").asText()).isEqualTo("\n");
        assertThat(sent.path("stream").asBoolean(true)).isFalse();
        assertThat(sent.at("/options/num_predict").asInt()).isEqualTo(4);
        assertThat(sent.at("/options/temperature").asInt()).isZero();
        assertThat(r.json().path("object").asText()).isEqualTo("text_completion");
        assertThat(r.json().at("/choices/0/text").asText()).isEqualTo("return a + b");
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(r.json().at("/usage/total_tokens").asInt()).isEqualTo(12);

        OLLAMA.then(FakeProvider.stream(NDJSON, List.of(
                Frame.line("{\"model\":\"codellama\",\"created_at\":\"2024-12-01T10:15:30Z\",\"response\":\"return\",\"done\":false}"),
                Frame.line("{\"model\":\"codellama\",\"created_at\":\"2024-12-01T10:15:30Z\",\"response\":\" a + b\",\"done\":false}"),
                Frame.line("{\"model\":\"codellama\",\"created_at\":\"2024-12-01T10:15:30Z\",\"response\":\"\",\"done\":true,"
                        + "\"done_reason\":\"stop\",\"prompt_eval_count\":8,\"eval_count\":3}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/completions",
                "{\"model\":\"codellama\",\"prompt\":[\"def add(a, b):\"],\"stream\":true}", ollama())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(4);
            JsonNode first = GatewayClient.parse(events.get(0));
            assertThat(first.path("object").asText()).isEqualTo("text_completion");
            assertThat(first.at("/choices/0/text").asText()).isEqualTo("return");
            assertThat(GatewayClient.parse(events.get(1)).at("/choices/0/text").asText()).isEqualTo(" a + b");
            assertThat(GatewayClient.parse(events.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(events.get(3)).isEqualTo("[DONE]");
        }
        assertThat(OLLAMA.last().json().path("prompt").asText()).isEqualTo("def add(a, b):");
    }

    @Test
    void embeddingsUseApiEmbed() {
        OLLAMA.then(json(200, """
                {"model":"nomic-embed-text","embeddings":[[0.5,-0.25],[0.75,1.0]],"total_duration":14143917,
                 "load_duration":1019500,"prompt_eval_count":8}"""));

        GatewayClient.Response r = gateway.post("/v1/embeddings",
                "{\"model\":\"nomic-embed-text\",\"input\":[\"Why is the sky blue?\",\"Why is grass green?\"],\"dimensions\":2}",
                ollama());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(OLLAMA.last().path()).isEqualTo("/api/embed");
        JsonNode sent = OLLAMA.last().json();
        assertThat(sent.at("/input/1").asText()).isEqualTo("Why is grass green?");
        assertThat(sent.path("dimensions").asInt()).isEqualTo(2);
        JsonNode out = r.json();
        assertThat(out.path("object").asText()).isEqualTo("list");
        assertThat(out.path("data")).hasSize(2);
        assertThat(out.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(out.at("/data/1/embedding/0").asDouble()).isEqualTo(0.75);
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void modelsComeFromApiTags() {
        OLLAMA.then(json(200, """
                {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2024-12-01T10:15:30.5-05:00",
                  "size":2019393189,"digest":"a80c4f17","details":{"family":"llama"}},
                 {"name":"nomic-embed-text:latest","model":"nomic-embed-text:latest","modified_at":"2024-11-01T00:00:00Z"}]}"""));

        GatewayClient.Response r = gateway.get("/v1/models", ollama());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(OLLAMA.last().method()).isEqualTo("GET");
        assertThat(OLLAMA.last().path()).isEqualTo("/api/tags");
        assertThat(r.json().at("/data/0/id").asText()).isEqualTo("llama3.2:latest");
        assertThat(r.json().at("/data/0/created").asLong()).as("offset taken into account").isEqualTo(1733048130L + 5 * 3600);
        assertThat(r.json().at("/data/1/id").asText()).isEqualTo("nomic-embed-text:latest");
        assertThat(r.json().at("/data/1/owned_by").asText()).isEqualTo("ollama");
    }

    @Test
    void providerErrorKeepsStatusAndMessage() {
        OLLAMA.then(json(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));

        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"llama9\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", ollama());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText()).contains("model \"llama9\" not found");
        assertThat(r.json().at("/error/provider").asText()).isEqualTo("ollama");
    }

    @Test
    void requestsOllamaCannotServeAreRefused() {
        GatewayClient.Response n = gateway.post("/v1/chat/completions",
                "{\"model\":\"llama3.2\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", ollama());
        assertThat(n.status()).isEqualTo(400);
        assertThat(n.json().at("/error/param").asText()).isEqualTo("n");

        GatewayClient.Response url = gateway.post("/v1/chat/completions", """
                {"model":"llava","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""", ollama());
        assertThat(url.status()).isEqualTo(400);
        assertThat(url.json().at("/error/type").asText()).isEqualTo("invalid_request_error");

        GatewayClient.Response prompts = gateway.post("/v1/completions",
                "{\"model\":\"llama3.2\",\"prompt\":[\"a\",\"b\"]}", ollama());
        assertThat(prompts.status()).isEqualTo(400);
        assertThat(prompts.json().at("/error/param").asText()).isEqualTo("prompt");

        GatewayClient.Response tokens = gateway.post("/v1/embeddings",
                "{\"model\":\"nomic-embed-text\",\"input\":[[1,2,3]]}", ollama());
        assertThat(tokens.status()).isEqualTo(400);
        assertThat(OLLAMA.count()).isZero();
    }

    static String line(String message, boolean done, String extra) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2024-12-01T10:15:30Z\",\"message\":" + message
                + ",\"done\":" + done + (extra == null ? "" : "," + extra) + "}";
    }
}
