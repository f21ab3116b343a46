package io.llmgate.routes.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.GatewayException;

/** The adapters by provider name, with Portkey's provider names and common aliases accepted. */
@Component
public class ProviderRegistry {

    private static final Map<String, String> ALIASES = Map.of(
            "azure", "azure-openai",
            "gemini", "google",
            "mistral", "mistral-ai",
            "custom", "openai-compatible",
            "openai-compat", "openai-compatible");

    private final Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();

    public ProviderRegistry(ObjectMapper json, GatewayProperties properties) {
        Map<String, String> urls = properties.getProviderBaseUrls();
        register(new OpenAiAdapter(json, "openai", urls.getOrDefault("openai", "https://api.openai.com/v1"), true));
        register(new AnthropicAdapter(json, urls.getOrDefault("anthropic", "https://api.anthropic.com/v1")));
        register(new GeminiAdapter(json, urls.getOrDefault(GeminiAdapter.NAME,
                "https://generativelanguage.googleapis.com/v1beta")));
        // no single default host: the resource name, a custom host or this configured URL
        register(new AzureOpenAiAdapter(json, urls.get(AzureOpenAiAdapter.NAME)));
        register(new MistralAdapter(json, urls.getOrDefault(MistralAdapter.NAME, "https://api.mistral.ai/v1")));
        register(new OllamaAdapter(json, urls.getOrDefault(OllamaAdapter.NAME, "http://127.0.0.1:11434")));
        // any server speaking OpenAI's API; stream_options is not assumed, usage is counted when absent
        register(new OpenAiAdapter(json, "openai-compatible", urls.get("openai-compatible"), false));
    }

    private void register(ProviderAdapter adapter) {
        adapters.put(adapter.name(), adapter);
    }

    /** The adapter for a provider name, or a 400 naming the known providers. */
    public ProviderAdapter get(String provider) {
        if (provider == null || provider.isBlank()) {
            throw GatewayException.invalidRequest("no provider given: set x-gateway-provider or use a routing config",
                    "provider");
        }
        String key = provider.trim().toLowerCase();
        ProviderAdapter adapter = adapters.get(ALIASES.getOrDefault(key, key));
        if (adapter == null) {
            throw new GatewayException(400, "invalid_request_error", "unknown_provider", "provider",
                    "unknown provider '" + provider + "'; known: " + String.join(", ", adapters.keySet()),
                    null, null, null);
        }
        return adapter;
    }

    public String canonicalName(String provider) {
        return get(provider).name();
    }

    public Set<String> names() {
        return adapters.keySet();
    }
}
