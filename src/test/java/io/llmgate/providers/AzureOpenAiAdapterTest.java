package io.llmgate.providers;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.provider.AzureOpenAiAdapter;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.provider.UpstreamRequest;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

class AzureOpenAiAdapterTest extends GatewayTestSupport {

    static final String COMPLETION = """
            {"id":"chatcmpl-az1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
             "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Bonjour"},
               "content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""";

    String[] azure(String... more) {
        String[] base = {"x-gateway-provider", "azure", "Authorization", "Bearer azure-key-123",
                "x-gateway-custom-host", AZURE.baseUrl()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @BeforeEach
    void reset() {
        AZURE.reset();
    }

    @Test
    void chatGoesToTheDeploymentWithApiKeyHeader() {
        AZURE.then(json(200, COMPLETION));

        GatewayClient.Response r = gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"system","content":"Translate to French."},
                  {"role":"user","content":"Hello"}],"temperature":0.1,"max_tokens":20}""",
                azure("x-gateway-azure-deployment-id", "gpt4o-prod", "x-gateway-azure-api-version", "2024-08-01-preview"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        FakeProvider.Received sent = AZURE.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-08-01-preview");
        assertThat(sent.header("api-key")).isEqualTo("azure-key-123");
        assertThat(sent.header("authorization")).isNull();
        JsonNode body = sent.json();
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Translate to French.");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(20);

        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("Bonjour");
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(r.json().at("/usage/total_tokens").asInt()).isEqualTo(15);
        assertThat(r.header("x-gateway-provider")).isEqualTo("azure-openai");
    }

    @Test
    void deploymentDefaultsToTheModelAndApiVersionToCurrentGa() {
        AZURE.then(json(200, COMPLETION));

        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure());

        assertThat(r.status()).isEqualTo(200);
        assertThat(AZURE.last().path()).isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions");
        assertThat(AZURE.last().query()).isEqualTo("api-version=2024-10-21");
    }

    @Test
    void streamDropsThePromptFilterChunkAndAsksForUsage() throws Exception {
        AZURE.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse("{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],"
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}"),
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)),
                Frame.sse(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_az\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}", null)),
                Frame.sse(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}}]}", null)),
                Frame.sse(chunk("{}", "tool_calls")),
                Frame.sse("{\"id\":\"chatcmpl-az2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":5,\"total_tokens\":13}}"),
                Frame.sse("[DONE]"))));

        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(5);
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            JsonNode call = GatewayClient.parse(events.get(1)).at("/choices/0/delta/tool_calls/0");
            assertThat(call.path("id").asText()).isEqualTo("call_az");
            assertThat(call.at("/function/name").asText()).isEqualTo("lookup");
            assertThat(GatewayClient.parse(events.get(2)).at("/choices/0/delta/tool_calls/0/function/arguments").asText())
                    .isEqualTo("{\"q\":1}");
            assertThat(GatewayClient.parse(events.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
            assertThat(events).noneMatch(e -> e.contains("prompt_filter_results"));
            assertThat(events).noneMatch(e -> e.contains("\"usage\""));
            assertThat(events.get(4)).isEqualTo("[DONE]");
        }
        assertThat(AZURE.last().json().at("/stream_options/include_usage").asBoolean())
                .as("Azure reports stream usage since 2024-09-01 when asked").isTrue();
    }

    @Test
    void streamUsageIsPassedOnWhenTheClientAskedAndNotRequestedFromOldApiVersions() throws Exception {
        List<Frame> frames = List.of(
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", "stop")),
                Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1,\"total_tokens\":5}}"),
                Frame.sse("[DONE]"));
        AZURE.then(FakeProvider.stream("text/event-stream", frames));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure())) {
            List<String> events = s.rest();
            assertThat(events).hasSize(3);
            assertThat(GatewayClient.parse(events.get(1)).at("/usage/total_tokens").asInt()).isEqualTo(5);
        }

        AZURE.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", "stop")), Frame.sse("[DONE]"))));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                azure("x-gateway-azure-api-version", "2024-06-01"))) {
            assertThat(s.rest()).hasSize(2);
        }
        assertThat(AZURE.last().json().has("stream_options")).as("2024-06-01 rejects stream_options").isFalse();
    }

    @Test
    void streamCutOffMidWayEndsWithAnErrorEvent() throws Exception {
        AZURE.then(FakeProvider.stream("text/event-stream", List.of(
                Frame.sse(chunk("{\"role\":\"assistant\",\"content\":\"Once\"}", null)),
                Frame.drop())));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure())) {
            List<String> events = s.rest();
            assertThat(GatewayClient.parse(events.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("Once");
            JsonNode error = GatewayClient.parse(events.get(events.size() - 1)).path("error");
            assertThat(error.path("provider").asText()).isEqualTo("azure-openai");
            assertThat(events).doesNotContain("[DONE]");
        }
    }

    @Test
    void embeddingsAndCompletionsUseTheirDeploymentPaths() {
        AZURE.then(json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,0.25]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
        GatewayClient.Response e = gateway.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}",
                azure("x-gateway-azure-deployment-id", "embeddings-small"));
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        assertThat(e.json().at("/data/0/embedding/1").asDouble()).isEqualTo(0.25);
        assertThat(AZURE.last().path()).isEqualTo("/openai/deployments/embeddings-small/embeddings");
        assertThat(AZURE.last().query()).isEqualTo("api-version=2024-10-21");
        assertThat(AZURE.last().json().path("input").asText()).isEqualTo("hello");

        AZURE.then(json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\" 4\",\"index\":0,"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}"));
        GatewayClient.Response c = gateway.post("/v1/completions",
                "{\"model\":\"gpt-35-turbo-instruct\",\"prompt\":\"2+2=\"}", azure());
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().at("/choices/0/text").asText()).isEqualTo(" 4");
        assertThat(AZURE.last().path()).isEqualTo("/openai/deployments/gpt-35-turbo-instruct/completions");
    }

    @Test
    void modelsAreListedFromTheResource() {
        AZURE.then(json(200, """
                {"data":[{"status":"succeeded","capabilities":{"chat_completion":true},"lifecycle_status":"generally-available",
                  "id":"gpt-4o-2024-08-06","created_at":1723000000,"object":"model"}],"object":"list"}"""));

        GatewayClient.Response r = gateway.get("/v1/models", azure());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/data/0/id").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(r.json().at("/data/0/created").asLong()).isEqualTo(1723000000L);
        assertThat(r.json().at("/data/0/owned_by").asText()).isEqualTo("azure-openai");
        assertThat(AZURE.last().method()).isEqualTo("GET");
        assertThat(AZURE.last().path()).isEqualTo("/openai/models");
        assertThat(AZURE.last().query()).isEqualTo("api-version=2024-10-21");
        assertThat(AZURE.last().header("api-key")).isEqualTo("azure-key-123");
    }

    @Test
    void providerErrorsKeepStatusAndMessage() {
        AZURE.then(json(429, """
                {"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API \
                version 2024-10-21 have exceeded token rate limit of your current pricing tier."}}""",
                Map.of("retry-after", "12")));
        GatewayClient.Response limited = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().at("/error/message").asText()).contains("exceeded token rate limit");
        assertThat(limited.json().at("/error/provider").asText()).isEqualTo("azure-openai");
        assertThat(limited.header("retry-after")).isEqualTo("12");

        AZURE.then(json(400, """
                {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content \
                management policy.","type":null,"param":"prompt","code":"content_filter","status":400}}"""));
        GatewayClient.Response filtered = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", azure());
        assertThat(filtered.status()).isEqualTo(400);
        assertThat(filtered.json().at("/error/code").asText()).isEqualTo("content_filter");
        assertThat(filtered.json().at("/error/message").asText()).contains("content management policy");
    }

    @Test
    void settingsThatWouldLeaveTheUrlAreRefused() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                azure("x-gateway-azure-deployment-id", "../../admin"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("deployment");

        GatewayClient.Response noHost = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-gateway-provider", "azure-openai", "Authorization", "Bearer k");
        assertThat(noHost.status()).isEqualTo(400);
        assertThat(noHost.json().at("/error/message").asText()).contains("resource name");
        assertThat(AZURE.count()).isZero();
    }

    /** Builds the request only: nothing is sent to Azure. */
    @Test
    void resourceNameMakesTheDefaultEndpoint() {
        ObjectMapper mapper = new ObjectMapper();
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(mapper, null);
        ObjectNode body = mapper.createObjectNode().put("model", "gpt-4o");
        UpstreamRequest request = adapter.toUpstream(Endpoint.CHAT_COMPLETIONS, body, new ProviderTarget(
                "azure-openai", "k", null, Map.of("resource_name", "contoso-eu", "deployment", "chat"), Map.of()));
        assertThat(request.uri().toString())
                .isEqualTo("https://contoso-eu.openai.azure.com/openai/deployments/chat/chat/completions?api-version=2024-10-21");
        assertThat(request.headers()).containsEntry("api-key", "k").doesNotContainKey("authorization");
    }

    static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-az2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + ",\"content_filter_results\":{}}]}";
    }
}
