package io.llmgate.providers;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

class GeminiAdapterTest extends GatewayTestSupport {

    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    String[] gemini() {
        return new String[] {"x-gateway-provider", "gemini", "Authorization", "Bearer AIza-test-key",
                "x-gateway-custom-host", GEMINI.baseUrl() + "/v1beta"};
    }

    @BeforeEach
    void reset() {
        GEMINI.reset();
    }

    @Test
    void chatRequestIsTranslatedToGenerateContent() {
        GEMINI.then(json(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"It is sunny."}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":4,"totalTokenCount":14},
                 "modelVersion":"gemini-2.0-flash-001","responseId":"resp-1"}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"gemini-2.0-flash",
                 "messages":[
                   {"role":"system","content":"Be brief."},
                   {"role":"developer","content":"Answer in English."},
                   {"role":"user","content":[{"type":"text","text":"What is on this picture?"},
                       {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"{\\"temp_c\\":21}"}
                 ]}""".formatted(PNG), gemini());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = GEMINI.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.query()).isNull();
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-test-key");
        assertThat(sent.header("authorization")).isNull();

        JsonNode body = sent.json();
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/systemInstruction/parts/1/text").asText()).isEqualTo("Answer in English.");
        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).path("role").asText()).isEqualTo("user");
        assertThat(contents.get(0).at("/parts/0/text").asText()).isEqualTo("What is on this picture?");
        assertThat(contents.get(0).at("/parts/1/inlineData/mimeType").asText()).isEqualTo("image/png");
        assertThat(contents.get(0).at("/parts/1/inlineData/data").asText()).isEqualTo(PNG);
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
        assertThat(contents.get(1).at("/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
        assertThat(contents.get(2).path("role").asText()).isEqualTo("user");
        assertThat(contents.get(2).at("/parts/0/functionResponse/name").asText())
                .as("the name comes from the call the tool message answers").isEqualTo("get_weather");
        assertThat(contents.get(2).at("/parts/0/functionResponse/response/temp_c").asInt()).isEqualTo(21);
        assertThat(body.has("messages")).isFalse();

        JsonNode out = r.json();
        assertThat(out.path("object").asText()).isEqualTo("chat.completion");
        assertThat(out.path("id").asText()).isEqualTo("resp-1");
        assertThat(out.path("model").asText()).isEqualTo("gemini-2.0-flash-001");
        assertThat(out.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("It is sunny.");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        assertThat(out.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(14);
        assertThat(r.header("x-gateway-provider")).isEqualTo("google");
    }

    @Test
    void toolsAndGenerationSettingsAreTranslated() {
        GEMINI.then(json(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me check. "},
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris","unit":"celsius"}}},
                   {"functionCall":{"name":"get_time","args":{"tz":"Europe/Paris"}}}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":12,"thoughtsTokenCount":5,
                   "cachedContentTokenCount":8,"totalTokenCount":47}}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"models/gemini-2.5-flash","messages":[{"role":"user","content":"Weather and time in Paris?"}],
                 "temperature":0.3,"top_p":0.9,"max_completion_tokens":256,"stop":"END","n":1,"seed":7,
                 "response_format":{"type":"json_object"},
                 "tools":[
                   {"type":"function","function":{"name":"get_weather","description":"Current weather",
                     "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                     "additionalProperties":false}}},
                   {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""", gemini());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = GEMINI.last();
        assertThat(sent.path()).as("a model given with its models/ prefix is not prefixed twice")
                .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        JsonNode body = sent.json();
        JsonNode declarations = body.at("/tools/0/functionDeclarations");
        assertThat(declarations).hasSize(2);
        assertThat(declarations.get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(declarations.get(0).path("description").asText()).isEqualTo("Current weather");
        assertThat(declarations.get(0).at("/parametersJsonSchema/properties/city/type").asText()).isEqualTo("string");
        assertThat(declarations.get(0).at("/parametersJsonSchema/additionalProperties").asBoolean(true)).isFalse();
        assertThat(body.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("ANY");
        assertThat(body.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asText()).isEqualTo("get_weather");
        JsonNode config = body.get("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.9);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(256);
        assertThat(config.at("/stopSequences/0").asText()).isEqualTo("END");
        assertThat(config.path("candidateCount").asInt()).isEqualTo(1);
        assertThat(config.path("seed").asInt()).isEqualTo(7);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");

        JsonNode message = r.json().at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("Let me check. ");
        JsonNode calls = message.path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("id").asText()).startsWith("call_");
        assertThat(calls.get(0).path("id").asText()).isNotEqualTo(calls.get(1).path("id").asText());
        assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        JsonNode args = GatewayClient.parse(calls.get(0).at("/function/arguments").asText());
        assertThat(args.path("city").asText()).isEqualTo("Paris");
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
        assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode usage = r.json().path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(30);
        assertThat(usage.path("completion_tokens").asInt()).as("thinking tokens count as output").isEqualTo(17);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(47);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void toolChoiceModesAndJsonSchema() {
        GEMINI.always(json(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"{}"}]},"finishReason":"STOP"}]}"""));
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        Map<String, String> modes = Map.of("\"none\"", "NONE", "\"auto\"", "AUTO", "\"required\"", "ANY");
        modes.forEach((choice, mode) -> {
            GatewayClient.Response r = gateway.post("/v1/chat/completions", "{\"model\":\"gemini-2.0-flash\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + tools + ",\"tool_choice\":" + choice + "}",
                    gemini());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(GEMINI.last().json().at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo(mode);
        });

        gateway.post("/v1/chat/completions", """
                {"model":"gemini-2.0-flash","messages":[{"role":"user","content":"x"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer",
                   "schema":{"type":"object","properties":{"answer":{"type":"string"}}}}}}""", gemini());
        JsonNode config = GEMINI.last().json().get("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.at("/responseJsonSchema/properties/answer/type").asText()).isEqualTo("string");
    }

    @Test
    void candidatesBecomeChoicesWithTheirFinishReasons() {
        GEMINI.then(json(200, """
                {"candidates":[
                   {"content":{"role":"model","parts":[{"text":"Once upon"}]},"finishReason":"MAX_TOKENS","index":0},
                   {"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"No."}]},
                    "finishReason":"SAFETY","index":1}],
                 "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":6}}"""));

        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Tell a story\"}]}",
                gemini());

        assertThat(r.status()).isEqualTo(200);
        assertThat(GEMINI.last().json().at("/generationConfig/candidateCount").asInt()).isEqualTo(2);
        JsonNode choices = r.json().path("choices");
        assertThat(choices).hasSize(2);
        assertThat(choices.get(0).at("/message/content").asText()).isEqualTo("Once upon");
        assertThat(choices.get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(choices.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(choices.get(1).at("/message/content").asText()).as("thought summaries are not the answer")
                .isEqualTo("No.");
        assertThat(choices.get(1).path("finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void streamIsTranslatedChunkByChunk() throws Exception {
        GEMINI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":9},\"responseId\":\"r-9\",\"modelVersion\":\"gemini-2.0-flash\"}"),
                Frame.sse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":1}}"),
                Frame.sse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                        + "{\"name\":\"lookup\",\"args\":{\"q\":\"hello\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":6,\"totalTokenCount\":15}}"))));

        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", """
                {"model":"gemini-2.0-flash","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]}""",
                gemini())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("content-type")).startsWith("text/event-stream");
            List<String> events = s.rest();
            assertThat(events).hasSize(6);

            JsonNode first = GatewayClient.parse(events.get(0));
            assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(first.path("id").asText()).isEqualTo("r-9");
            assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(first.at("/choices/0/delta/content").asText()).isEqualTo("Hel");
            assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();

            JsonNode second = GatewayClient.parse(events.get(1));
            assertThat(second.at("/choices/0/delta/content").asText()).isEqualTo("lo");
            assertThat(second.at("/choices/0/delta").has("role")).isFalse();

            JsonNode call = GatewayClient.parse(events.get(2)).at("/choices/0/delta/tool_calls/0");
            assertThat(call.path("index").asInt()).isEqualTo(0);
            assertThat(call.path("id").asText()).startsWith("call_");
            assertThat(call.path("type").asText()).isEqualTo("function");
            assertThat(call.at("/function/name").asText()).isEqualTo("lookup");
            assertThat(GatewayClient.parse(call.at("/function/arguments").asText()).path("q").asText()).isEqualTo("hello");

            assertThat(GatewayClient.parse(events.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");

            JsonNode usage = GatewayClient.parse(events.get(4));
            assertThat(usage.path("choices")).isEmpty();
            assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(9);
            assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(6);
            assertThat(events.get(5)).isEqualTo("[DONE]");
        }
        FakeProvider.Received sent = GEMINI.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent");
        assertThat(sent.query()).isEqualTo("alt=sse");
        assertThat(sent.json().has("stream")).isFalse();
    }

    @Test
    void streamUsageIsDroppedWhenNotAskedFor() throws Exception {
        GEMINI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi!\"}]},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":1}}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                gemini())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(3);
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("Hi!");
            assertThat(GatewayClient.parse(events.get(1)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(events).noneMatch(e -> e.contains("\"usage\""));
            assertThat(events.get(2)).isEqualTo("[DONE]");
        }
    }

    @Test
    void streamEndingWithoutFinishReasonIsTruncated() throws Exception {
        // Gemini has no [DONE]: a body that ends before a finishReason was cut off
        GEMINI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Part one\"}]},\"index\":0}]}"),
                Frame.sse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\", part two\"}]},\"index\":0}]}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                gemini())) {
            List<String> events = s.rest();
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("Part one");
            String last = events.get(events.size() - 1);
            JsonNode error = GatewayClient.parse(last).path("error");
            assertThat(error.path("code").asText()).isEqualTo("stream_truncated");
            assertThat(error.path("provider").asText()).isEqualTo("google");
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void droppedConnectionMidStreamEndsWithAnErrorEvent() throws Exception {
        GEMINI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Part one\"}]},\"index\":0}]}"),
                Frame.drop())));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                gemini())) {
            List<String> events = s.rest();
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("Part one");
            JsonNode last = GatewayClient.parse(events.get(events.size() - 1));
            assertThat(last.at("/error/provider").asText()).isEqualTo("google");
            assertThat(last.at("/error/message").asText()).isNotBlank();
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void errorEventMidStreamEndsTheStreamWithTheProviderMessage() throws Exception {
        GEMINI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Part one\"}]},\"index\":0}]}"),
                Frame.sse("{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                gemini())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(2);
            JsonNode error = GatewayClient.parse(events.get(1)).path("error");
            assertThat(error.path("message").asText()).contains("The model is overloaded.");
            assertThat(error.path("code").asText()).isEqualTo("UNAVAILABLE");
            assertThat(error.path("provider").asText()).isEqualTo("google");
        }
    }

    @Test
    void providerErrorKeepsStatusAndMessage() {
        GEMINI.then(json(429, """
                {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""",
                Map.of("retry-after", "7")));

        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", gemini());

        assertThat(r.status()).isEqualTo(429);
        JsonNode error = r.json().path("error");
        assertThat(error.path("message").asText()).contains("Resource has been exhausted");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.path("provider").asText()).isEqualTo("google");
        assertThat(r.header("retry-after")).isEqualTo("7");
    }

    @Test
    void streamedRequestErrorIsAnsweredBeforeTheStreamStarts() throws Exception {
        GEMINI.then(json(400, """
                [{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}]"""));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gemini-2.0-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                gemini())) {
            assertThat(s.status()).isEqualTo(400);
            JsonNode error = GatewayClient.parse(s.remainingBody()).path("error");
            assertThat(error.path("message").asText()).contains("API key not valid");
            assertThat(error.path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(error.path("provider").asText()).isEqualTo("google");
        }
    }

    @Test
    void embeddingsUseBatchEmbedContents() {
        GEMINI.then(json(200, "{\"embeddings\":[{\"values\":[0.25,-0.5]},{\"values\":[1.0,0.125]}]}"));

        GatewayClient.Response r = gateway.post("/v1/embeddings",
                "{\"model\":\"text-embedding-004\",\"input\":[\"first\",\"second\"],\"dimensions\":2}", gemini());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = GEMINI.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-test-key");
        JsonNode requests = sent.json().path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("model").asText()).isEqualTo("models/text-embedding-004");
        assertThat(requests.get(1).at("/content/parts/0/text").asText()).isEqualTo("second");
        assertThat(requests.get(0).path("outputDimensionality").asInt()).isEqualTo(2);

        JsonNode out = r.json();
        assertThat(out.path("object").asText()).isEqualTo("list");
        assertThat(out.path("model").asText()).isEqualTo("text-embedding-004");
        assertThat(out.path("data")).hasSize(2);
        assertThat(out.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(out.at("/data/1/object").asText()).isEqualTo("embedding");
        assertThat(out.at("/data/1/embedding/1").asDouble()).isEqualTo(0.125);
    }

    @Test
    void embeddingsAsBase64WhenAskedFor() {
        GEMINI.then(json(200, "{\"embeddings\":[{\"values\":[0.25,-0.5,3.0]}]}"));

        GatewayClient.Response r = gateway.post("/v1/embeddings",
                "{\"model\":\"text-embedding-004\",\"input\":\"hello\",\"encoding_format\":\"base64\"}", gemini());

        assertThat(r.status()).isEqualTo(200);
        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(r.json().at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(floats.remaining()).isEqualTo(12);
        assertThat(floats.getFloat()).isEqualTo(0.25f);
        assertThat(floats.getFloat()).isEqualTo(-0.5f);
        assertThat(floats.getFloat()).isEqualTo(3.0f);
    }

    @Test
    void modelsAreListedWithoutTheirPrefix() {
        GEMINI.then(json(200, """
                {"models":[{"name":"models/gemini-2.0-flash","displayName":"Gemini 2.0 Flash"},
                           {"name":"models/text-embedding-004"}]}"""));

        GatewayClient.Response r = gateway.get("/v1/models", gemini());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("object").asText()).isEqualTo("list");
        assertThat(r.json().at("/data/0/id").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(r.json().at("/data/1/id").asText()).isEqualTo("text-embedding-004");
        assertThat(r.json().at("/data/0/owned_by").asText()).isEqualTo("google");
        FakeProvider.Received sent = GEMINI.last();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1beta/models");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-test-key");
    }

    @Test
    void badInputIsRefusedBeforeCallingGoogle() {
        GatewayClient.Response image = gateway.post("/v1/chat/completions", """
                {"model":"gemini-2.0-flash","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""", gemini());
        assertThat(image.status()).isEqualTo(400);
        assertThat(image.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(image.json().at("/error/param").asText()).isEqualTo("messages[0].content[0]");

        GatewayClient.Response orphan = gateway.post("/v1/chat/completions", """
                {"model":"gemini-2.0-flash","messages":[{"role":"user","content":"x"},
                  {"role":"tool","tool_call_id":"call_unknown","content":"42"}]}""", gemini());
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().at("/error/message").asText()).contains("call_unknown");

        GatewayClient.Response model = gateway.post("/v1/chat/completions",
                "{\"model\":\"../../v1/files\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", gemini());
        assertThat(model.status()).isEqualTo(400);
        assertThat(model.json().at("/error/param").asText()).isEqualTo("model");

        GatewayClient.Response completions = gateway.post("/v1/completions",
                "{\"model\":\"gemini-2.0-flash\",\"prompt\":\"x\"}", gemini());
        assertThat(completions.status()).isEqualTo(400);

        assertThat(GEMINI.count()).isZero();
    }
}
