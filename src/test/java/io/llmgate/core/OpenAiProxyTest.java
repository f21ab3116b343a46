package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

class OpenAiProxyTest extends GatewayTestSupport {

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

    String[] openAi() {
        return new String[] {"x-gateway-provider", "openai", "Authorization", "Bearer sk-test-123",
                "x-gateway-custom-host", OPENAI.baseUrl() + "/v1"};
    }

    @BeforeEach
    void reset() {
        OPENAI.reset();
    }

    @Test
    void chatCompletionPassesThroughWithProviderKey() {
        OPENAI.then(json(200, COMPLETION));

        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.2}",
                openAi());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(r.json().at("/usage/total_tokens").asInt()).isEqualTo(11);
        assertThat(r.header("x-gateway-provider")).isEqualTo("openai");
        assertThat(r.header("x-request-id")).isNotBlank();
        assertThat(r.header("authorization")).as("client headers are not echoed").isNull();

        FakeProvider.Received sent = OPENAI.last();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(sent.json().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.json().path("messages").get(0).path("content").asText()).isEqualTo("Hi");
    }

    @Test
    void streamIsPassedOnChunkByChunkAsItArrives() throws Exception {
        CountDownLatch firstChunkSeenByClient = new CountDownLatch(1);
        OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("Hel", null)),
                // the provider only continues once the client has read the first chunk: proves nothing is buffered
                Frame.sse(chunk("lo", null)).waitFor(firstChunkSeenByClient),
                Frame.sse(chunk(null, "stop")),
                Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}"),
                Frame.sse("[DONE]"))));

        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                openAi())) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("content-type")).startsWith("text/event-stream");
            String first = s.nextData();
            assertThat(GatewayClient.parse(first).at("/choices/0/delta/content").asText()).isEqualTo("Hel");
            firstChunkSeenByClient.countDown();
            List<String> rest = s.rest();
            assertThat(GatewayClient.parse(rest.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("lo");
            assertThat(GatewayClient.parse(rest.get(1)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            // usage was requested by the gateway for accounting, not by the client: not passed on
            assertThat(rest).noneMatch(d -> d.contains("\"usage\""));
            assertThat(rest.get(rest.size() - 1)).isEqualTo("[DONE]");
        }
        assertThat(OPENAI.last().json().at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void usageChunkIsKeptWhenTheClientAskedForIt() throws Exception {
        OPENAI.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("x", "stop")),
                Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}"),
                Frame.sse("[DONE]"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", openAi())) {
            List<String> all = s.rest();
            assertThat(all).hasSize(3);
            assertThat(GatewayClient.parse(all.get(1)).at("/usage/total_tokens").asInt()).isEqualTo(6);
        }
    }

    @Test
    void completionsAndEmbeddingsPassThrough() {
        OPENAI.then(json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"4\",\"index\":0,"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}"));
        GatewayClient.Response c = gateway.post("/v1/completions",
                "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"2+2=\"}", openAi());
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().at("/choices/0/text").asText()).isEqualTo("4");
        assertThat(OPENAI.last().path()).isEqualTo("/v1/completions");

        OPENAI.then(json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
        GatewayClient.Response e = gateway.post("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}", openAi());
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.json().at("/data/0/embedding/1").asDouble()).isEqualTo(0.2);
        assertThat(OPENAI.last().path()).isEqualTo("/v1/embeddings");
    }

    @Test
    void modelsAreListedFromTheProvider() {
        OPENAI.then(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1,"
                + "\"owned_by\":\"openai\"}]}"));
        GatewayClient.Response r = gateway.get("/v1/models", openAi());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/data/0/id").asText()).isEqualTo("gpt-4o");
        assertThat(OPENAI.last().method()).isEqualTo("GET");
        assertThat(OPENAI.last().path()).isEqualTo("/v1/models");
    }

    @Test
    void healthAnswers() {
        GatewayClient.Response r = gateway.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
    }

    static String chunk(String content, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{" + (content == null ? "" : "\"content\":\"" + content + "\"")
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }
}
