package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * A provider answering 200 with something that is no answer ({@code {}}, garbage, JSON cut short) fails the
 * attempt with 502 {@code invalid_provider_response}, and routing retries and falls back as for a 5xx.
 */
class InvalidProviderResponseTest extends GatewayTestSupport {

    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String EMBED = "{\"model\":\"m\",\"input\":\"hello\"}";

    @BeforeEach
    void reset() {
        for (FakeProvider p : new FakeProvider[] {OPENAI, ANTHROPIC, GEMINI, AZURE, MISTRAL, OLLAMA}) {
            p.reset();
        }
    }

    static String[] headers(String provider, FakeProvider fake, String path) {
        return new String[] {"x-gateway-provider", provider, "Authorization", "Bearer sk-test",
                "x-gateway-custom-host", fake.baseUrl() + path, "x-gateway-azure-deployment-id", "d"};
    }

    static void assertInvalid(GatewayClient.Response r, String provider) {
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_provider_response");
        assertThat(r.json().at("/error/type").asText()).isEqualTo("upstream_error");
        assertThat(r.json().at("/error/provider").asText()).isEqualTo(provider);
        assertThat(r.json().at("/error/message").asText()).contains(provider);
        assertThat(r.json().path("error").has("param")).isTrue();
        assertThat(r.header("x-gateway-provider")).isEqualTo(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}", "<html>ok</html>",
            "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,", "[]", "null"})
    void openAiChatWithoutChoicesIsAProviderError(String body) {
        OPENAI.then(json(200, body));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("openai", OPENAI, "/v1")), "openai");
    }

    @Test
    void emptyBodyOn200IsAProviderError() {
        OPENAI.then(ex -> ex.sendResponseHeaders(200, -1));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("openai", OPENAI, "/v1")), "openai");
    }

    @Test
    void everyOpenAiShapedProviderChecksForChoices() {
        OPENAI.always(json(200, "{}"));
        AZURE.always(json(200, "{}"));
        MISTRAL.always(json(200, "{}"));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("openai-compatible", OPENAI, "/v1")),
                "openai-compatible");
        assertInvalid(gateway.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"Hi\"}",
                headers("openai", OPENAI, "/v1")), "openai");
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("azure-openai", AZURE, "")), "azure-openai");
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("mistral-ai", MISTRAL, "/v1")), "mistral-ai");
    }

    @Test
    void anthropicWithoutContentIsAProviderError() {
        ANTHROPIC.then(json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"stop_reason\":\"end_turn\"}"));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("anthropic", ANTHROPIC, "/v1")),
                "anthropic");
    }

    @Test
    void geminiWithoutCandidatesIsAProviderErrorUnlessThePromptWasBlocked() {
        GEMINI.then(json(200, "{\"usageMetadata\":{\"promptTokenCount\":1}}"));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("google", GEMINI, "/v1beta")), "google");

        GEMINI.then(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));
        GatewayClient.Response blocked = gateway.post("/v1/chat/completions", CHAT,
                headers("google", GEMINI, "/v1beta"));
        assertThat(blocked.status()).isEqualTo(200);
        assertThat(blocked.json().at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void ollamaWithoutMessageOrResponseIsAProviderError() {
        OLLAMA.always(json(200, "{\"model\":\"llama3.2\",\"done\":true}"));
        assertInvalid(gateway.post("/v1/chat/completions", CHAT, headers("ollama", OLLAMA, "")), "ollama");
        assertInvalid(gateway.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"Hi\"}",
                headers("ollama", OLLAMA, "")), "ollama");
    }

    @Test
    void embeddingsWithoutDataAreAProviderError() {
        OPENAI.always(json(200, "{\"object\":\"list\"}"));
        GEMINI.always(json(200, "{}"));
        OLLAMA.always(json(200, "{\"model\":\"m\"}"));
        AZURE.always(json(200, "{}"));
        assertInvalid(gateway.post("/v1/embeddings", EMBED, headers("openai", OPENAI, "/v1")), "openai");
        assertInvalid(gateway.post("/v1/embeddings", EMBED, headers("azure-openai", AZURE, "")), "azure-openai");
        assertInvalid(gateway.post("/v1/embeddings", EMBED, headers("google", GEMINI, "/v1beta")), "google");
        assertInvalid(gateway.post("/v1/embeddings", EMBED, headers("ollama", OLLAMA, "")), "ollama");
    }

    @Test
    void modelListWithoutDataIsAProviderError() {
        OPENAI.then(json(200, "{}"));
        assertInvalid(gateway.get("/v1/models", headers("openai", OPENAI, "/v1")), "openai");
    }

    static String target(FakeProvider p) {
        return "{\"provider\":\"openai\",\"api_key\":\"sk-" + p.port() + "\",\"custom_host\":\"" + p.baseUrl()
                + "/v1\"}";
    }

    static final String COMPLETION = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    @Test
    void aFallbackConfigMovesOnToTheNextTarget() {
        OPENAI.always(json(200, "{}"));
        MISTRAL.always(json(200, COMPLETION.formatted("second")));
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-gateway-config",
                "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(OPENAI) + "," + target(MISTRAL) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("second");
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");
        assertThat(OPENAI.count()).isEqualTo(1);
    }

    @Test
    void aRetryConfigTriesAgain() {
        OPENAI.then(ex -> {
            byte[] garbage = "{\"id\":".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, garbage.length);
            ex.getResponseBody().write(garbage);
        }).then(json(200, COMPLETION.formatted("again")));
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-gateway-config",
                "{\"retry\":{\"attempts\":2}," + target(OPENAI).substring(1));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("again");
        assertThat(r.header("x-gateway-retry-attempt-count")).isEqualTo("1");
        assertThat(OPENAI.count()).isEqualTo(2);
    }
}
