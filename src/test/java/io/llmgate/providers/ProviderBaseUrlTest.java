package io.llmgate.providers;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/**
 * docs/providers.md's base URL rule, per provider: a virtual key's {@code base_url} pointing at a self-hosted server
 * (here a fake on 127.0.0.1) reaches the documented path whether it is given with or without the API's version path
 * ({@code /v1}, {@code /v1beta}) — or, for Ollama and Azure, with the suffix people copy from OpenAI-style settings —
 * and carries the key in the documented header.
 */
class ProviderBaseUrlTest extends GovernanceTestSupport {

    static final FakeProvider SERVER = new FakeProvider("self-hosted");

    static String workspace;
    static String apiKey;

    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    /** A minimal successful chat answer in each wire format. */
    static final Map<String, String> ANSWERS = Map.of(
            "openai", completion(3, 1),
            "anthropic", """
                    {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"ok"}],
                     "stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}}""",
            "google", """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP","index":0}],
                     "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4}}""",
            "ollama", """
                    {"model":"m","created_at":"2024-12-01T10:15:30Z","message":{"role":"assistant","content":"ok"},
                     "done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":1}""");

    @ParameterizedTest(name = "{0} with base_url {1}")
    @CsvSource(delimiter = '|', value = {
            "openai            | ''            | /v1/chat/completions | authorization | Bearer sk-vk",
            "openai            | /v1           | /v1/chat/completions | authorization | Bearer sk-vk",
            "openai            | /v1/          | /v1/chat/completions | authorization | Bearer sk-vk",
            "openai-compatible | ''            | /v1/chat/completions | authorization | Bearer sk-vk",
            "openai-compatible | /v1           | /v1/chat/completions | authorization | Bearer sk-vk",
            "openai-compatible | /vllm/v1      | /vllm/v1/chat/completions | authorization | Bearer sk-vk",
            "mistral-ai        | ''            | /v1/chat/completions | authorization | Bearer sk-vk",
            "mistral-ai        | /v1           | /v1/chat/completions | authorization | Bearer sk-vk",
            "anthropic         | ''            | /v1/messages         | x-api-key     | sk-vk",
            "anthropic         | /v1           | /v1/messages         | x-api-key     | sk-vk",
            "google            | ''            | /v1beta/models/m:generateContent | x-goog-api-key | sk-vk",
            "google            | /v1beta       | /v1beta/models/m:generateContent | x-goog-api-key | sk-vk",
            "azure-openai      | ''            | /openai/deployments/m/chat/completions | api-key | sk-vk",
            "azure-openai      | /openai       | /openai/deployments/m/chat/completions | api-key | sk-vk",
            "ollama            | ''            | /api/chat            | authorization | Bearer sk-vk",
            "ollama            | /v1           | /api/chat            | authorization | Bearer sk-vk",
    })
    void aVirtualKeysBaseUrlReachesTheDocumentedPath(String provider, String suffix, String path, String authHeader,
                                                     String authValue) {
        if (workspace == null) { // once, by the first case: admin() needs the instance's port
            workspace = newWorkspace("base-url");
            apiKey = newApiKey(workspace);
        }
        SERVER.reset();
        String wire = switch (provider) {
            case "anthropic", "google", "ollama" -> provider;
            default -> "openai";
        };
        SERVER.then(json(200, ANSWERS.get(wire)));
        Map<String, Object> spec = new HashMap<>(Map.of("name", provider, "provider", provider, "secret", "sk-vk",
                "base_url", SERVER.baseUrl() + suffix));
        String vk = ok(admin("POST", "/admin/api/workspaces/" + workspace + "/virtual-keys", spec)).path("id").asText();

        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT.formatted("m"), bearer(apiKey, vk));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("ok");
        FakeProvider.Received got = SERVER.last();
        assertThat(got.path()).isEqualTo(path);
        assertThat(got.header(authHeader)).isEqualTo(authValue);
        if (provider.equals("azure-openai")) {
            assertThat(got.query()).isEqualTo("api-version=2024-10-21");
        }
    }
}
