package io.llmgate.routes.provider;

import java.util.Map;

/**
 * Where one attempt goes: a provider, its credential and settings. Built from request headers, a routing config
 * target or a virtual key; the secret lives here only for the time of the upstream call.
 *
 * @param provider   adapter name, e.g. {@code openai}, {@code anthropic}
 * @param apiKey     the provider credential (never logged)
 * @param baseUrl    custom host, or null for the provider's default
 * @param settings   provider settings such as Azure's {@code deployment} and {@code api_version}
 * @param extraHeaders headers forwarded to the provider as they are
 */
public record ProviderTarget(String provider, String apiKey, String baseUrl, Map<String, String> settings,
                             Map<String, String> extraHeaders) {

    public ProviderTarget {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    public String setting(String name) {
        return settings.get(name);
    }

    @Override
    public String toString() {
        // never print the key
        return "ProviderTarget[" + provider + (baseUrl == null ? "" : " @ " + baseUrl) + "]";
    }
}
