package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/**
 * {@code GET /v1/models} as the README shows it, with a gateway key and a virtual key: the provider's own list in
 * OpenAI's shape, cached per workspace and credential; with a config every target's provider; with neither, what
 * the caller's keys reach.
 */
class ModelListTest extends GovernanceTestSupport {

    static final FakeProvider ANTHROPIC = new FakeProvider("gov-anthropic");
    static final FakeProvider GEMINI = new FakeProvider("gov-gemini");
    static final FakeProvider OLLAMA = new FakeProvider("gov-ollama");

    @BeforeEach
    void resetFakes() {
        ANTHROPIC.reset();
        GEMINI.reset();
        OLLAMA.reset();
    }

    String virtualKey(String workspace, String provider, String secret, String baseUrl) {
        return ok(admin("POST", "/admin/api/workspaces/" + workspace + "/virtual-keys", Map.of("name", provider,
                "provider", provider, "secret", secret, "base_url", baseUrl))).path("id").asText();
    }

    static List<String> ids(GatewayClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode list = r.json();
        assertThat(list.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list.path("data")) {
            // what the OpenAI SDKs read: id, object "model", created (integer), owned_by
            assertThat(m.path("object").asText()).isEqualTo("model");
            assertThat(m.path("created").isIntegralNumber()).as(m.toString()).isTrue();
            assertThat(m.path("owned_by").isTextual()).as(m.toString()).isTrue();
            ids.add(m.path("id").asText());
        }
        return ids;
    }

    @Test
    void aVirtualKeyListsItsProvidersModelsAndTheListIsCachedBriefly() {
        String ws = newWorkspace("models-vk");
        String key = newApiKey(ws);
        String vk = newVirtualKey(ws, "sk-models-secret");
        UPSTREAM.always(FakeProvider.openAiModels("gpt-4o", "ft:gpt-4o-mini:acme"));

        GatewayClient.Response r = gateway.get("/v1/models", bearer(key, vk));
        assertThat(ids(r)).containsExactly("gpt-4o", "ft:gpt-4o-mini:acme");
        assertThat(UPSTREAM.last().method()).isEqualTo("GET");
        assertThat(UPSTREAM.last().path()).isEqualTo("/v1/models");
        assertThat(UPSTREAM.last().header("authorization")).isEqualTo("Bearer sk-models-secret");

        assertThat(ids(gateway.get("/v1/models", bearer(key, vk)))).containsExactly("gpt-4o", "ft:gpt-4o-mini:acme");
        assertThat(UPSTREAM.count()).as("the second call is answered from the cache").isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        UPSTREAM.always(FakeProvider.openAiModels("gpt-4.1"));
        assertThat(ids(gateway.get("/v1/models", bearer(key, vk)))).containsExactly("gpt-4.1");
        assertThat(UPSTREAM.count()).as("after the TTL the provider is asked again").isEqualTo(2);
    }

    @Test
    void anthropicGeminiAndOllamaListsAreTranslated() {
        String ws = newWorkspace("models-formats");
        String key = newApiKey(ws);
        ANTHROPIC.always(FakeProvider.anthropicModels("claude-sonnet-4-5", "claude-haiku-4-5"));
        GEMINI.always(FakeProvider.geminiModels("gemini-2.0-flash"));
        OLLAMA.always(FakeProvider.ollamaTags("llama3.2:latest"));

        String anthropic = virtualKey(ws, "anthropic", "sk-ant-models", ANTHROPIC.baseUrl() + "/v1");
        assertThat(ids(gateway.get("/v1/models", bearer(key, anthropic))))
                .containsExactly("claude-sonnet-4-5", "claude-haiku-4-5");
        assertThat(ANTHROPIC.last().path()).isEqualTo("/v1/models");
        assertThat(ANTHROPIC.last().header("x-api-key")).isEqualTo("sk-ant-models");
        assertThat(ANTHROPIC.last().header("anthropic-version")).isNotBlank();

        String gemini = virtualKey(ws, "google", "g-key", GEMINI.baseUrl() + "/v1beta");
        assertThat(ids(gateway.get("/v1/models", bearer(key, gemini)))).containsExactly("gemini-2.0-flash");
        assertThat(GEMINI.last().path()).isEqualTo("/v1beta/models");

        String ollama = virtualKey(ws, "ollama", "o-key", OLLAMA.baseUrl());
        assertThat(ids(gateway.get("/v1/models", bearer(key, ollama)))).containsExactly("llama3.2:latest");
        assertThat(OLLAMA.last().path()).isEqualTo("/api/tags");
    }

    @Test
    void theCacheIsNeverSharedAcrossWorkspaces() {
        String wsA = newWorkspace("models-a");
        String keyA = newApiKey(wsA);
        String vkA = newVirtualKey(wsA, "sk-same");
        UPSTREAM.always(FakeProvider.openAiModels("ft:model-of-a"));
        assertThat(ids(gateway.get("/v1/models", bearer(keyA, vkA)))).containsExactly("ft:model-of-a");

        String wsB = newWorkspace("models-b");
        String keyB = newApiKey(wsB);
        GatewayClient.Response foreign = gateway.get("/v1/models", bearer(keyB, vkA));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/error/code").asText()).isEqualTo("invalid_virtual_key");

        // same provider, URL and secret in another workspace: asked again, not served A's cached list
        String vkB = newVirtualKey(wsB, "sk-same");
        UPSTREAM.always(FakeProvider.openAiModels("ft:model-of-b"));
        assertThat(ids(gateway.get("/v1/models", bearer(keyB, vkB)))).containsExactly("ft:model-of-b");
        assertThat(UPSTREAM.count()).isEqualTo(2);
    }

    @Test
    void aConfigAsksEveryTargetsProvider() {
        String ws = newWorkspace("models-config");
        String key = newApiKey(ws);
        String openai = newVirtualKey(ws, "sk-o");
        String anthropic = virtualKey(ws, "anthropic", "sk-a", ANTHROPIC.baseUrl() + "/v1");
        UPSTREAM.always(FakeProvider.openAiModels("gpt-4o"));
        ANTHROPIC.always(FakeProvider.anthropicModels("claude-haiku-4-5"));
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"" + openai + "\"},"
                + "{\"virtual_key\":\"" + anthropic + "\"}]}";
        GatewayClient.Response r = gateway.get("/v1/models", "Authorization", "Bearer " + key,
                "x-gateway-config", config);
        assertThat(ids(r)).containsExactly("gpt-4o", "claude-haiku-4-5");
    }

    @Test
    void withoutProviderOrConfigTheWorkspacesKeysAreListed() {
        String ws = newWorkspace("models-reach");
        String key = newApiKey(ws);
        newVirtualKey(ws, "sk-o");
        virtualKey(ws, "anthropic", "sk-a", ANTHROPIC.baseUrl() + "/v1");
        UPSTREAM.always(FakeProvider.openAiModels("gpt-4o", "gpt-4o-mini"));
        ANTHROPIC.always(FakeProvider.anthropicModels("claude-haiku-4-5"));

        assertThat(ids(gateway.get("/v1/models", "Authorization", "Bearer " + key)))
                .containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini", "claude-haiku-4-5");
    }

    @Test
    void aKeyLimitedToSomeModelsSeesThoseOnly() {
        String ws = newWorkspace("models-limited");
        String key = newApiKey(ws, Map.of("allowed_models", List.of("gpt-4o-mini*", "my-finetune")));
        String vk = newVirtualKey(ws, "sk-o");
        UPSTREAM.always(FakeProvider.openAiModels("gpt-4o", "gpt-4o-mini", "gpt-4o-mini-2024-07-18"));

        assertThat(ids(gateway.get("/v1/models", "Authorization", "Bearer " + key)))
                .containsExactly("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "my-finetune");
        assertThat(ids(gateway.get("/v1/models", bearer(key, vk))))
                .containsExactly("gpt-4o-mini", "gpt-4o-mini-2024-07-18");
    }
}
