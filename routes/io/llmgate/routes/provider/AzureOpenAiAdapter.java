package io.llmgate.routes.provider;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;

/**
 * Azure OpenAI: OpenAI's wire format behind a deployment URL,
 * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}, and the key in {@code api-key}.
 * The endpoint is the custom host, the configured base URL or {@code https://{resource_name}.openai.azure.com}.
 */
public class AzureOpenAiAdapter extends OpenAiAdapter {

    public static final String NAME = "azure-openai";
    /** The current GA version of the dated data-plane API. */
    static final String DEFAULT_API_VERSION = "2024-10-21";
    /** The first API version that accepts {@code stream_options.include_usage}. */
    private static final String FIRST_STREAM_USAGE_VERSION = "2024-09-01";
    /** Deployment, resource and version go into the URL: nothing that could leave their place in it. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String configuredBaseUrl;

    public AzureOpenAiAdapter(ObjectMapper json, String configuredBaseUrl) {
        super(json, NAME, configuredBaseUrl, true);
        this.configuredBaseUrl = configuredBaseUrl;
    }

    /** The resource endpoint is the root: the adapter adds /openai/deployments/... itself. */
    @Override
    protected String versionPath() {
        return "";
    }

    /** An endpoint given with Azure's {@code /openai} or {@code /openai/v1} suffix names the same resource. */
    @Override
    protected String apiRoot(String base) {
        return withoutSuffix(withoutSuffix(super.apiRoot(base), "/openai/v1"), "/openai");
    }

    @Override
    protected String baseUrl(ProviderTarget target) {
        boolean hasHost = target.baseUrl() != null && !target.baseUrl().isBlank();
        if (hasHost || (configuredBaseUrl != null && !configuredBaseUrl.isBlank())) {
            return super.baseUrl(target);
        }
        String resource = target.setting("resource_name");
        if (resource == null || resource.isBlank()) {
            throw GatewayException.invalidRequest("azure-openai needs a resource name (x-gateway-azure-resource-name) "
                    + "or a custom host (x-gateway-custom-host)", "resource_name");
        }
        return "https://" + urlSafe(resource, "resource_name") + ".openai.azure.com";
    }

    @Override
    protected String path(Endpoint endpoint, ObjectNode body, ProviderTarget target) {
        String deployment = target.setting("deployment");
        if (deployment == null || deployment.isBlank()) {
            deployment = body.path("model").asText(); // deployments are often named after their model
        }
        return "/openai/deployments/" + urlSafe(deployment, "deployment") + endpoint.path().substring(3)
                + "?api-version=" + apiVersion(target);
    }

    private static String apiVersion(ProviderTarget target) {
        String version = target.setting("api_version");
        return version != null && !version.isBlank() ? urlSafe(version, "api_version") : DEFAULT_API_VERSION;
    }

    private static String urlSafe(String value, String setting) {
        if (value == null || !URL_SAFE.matcher(value).matches()) {
            throw GatewayException.invalidRequest("invalid azure-openai " + setting + " '" + value + "'", setting);
        }
        return value;
    }

    @Override
    protected void authenticate(Map<String, String> headers, ProviderTarget target) {
        if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("api-key", target.apiKey());
        }
    }

    /** Dated versions compare as strings; older ones reject stream_options. */
    @Override
    protected boolean asksForStreamUsage(ProviderTarget target) {
        return apiVersion(target).compareTo(FIRST_STREAM_USAGE_VERSION) >= 0;
    }

    /**
     * Azure's first chunk carries only {@code prompt_filter_results} and no choice; clients reading
     * {@code choices[0]} trip over it, so it is not passed on. The usage chunk (also without choices) is.
     */
    @Override
    protected void onChunk(ObjectNode chunk, ChunkSink out) {
        if (chunk.path("choices").isEmpty() && !chunk.path("usage").isObject()) {
            return;
        }
        out.chunk(chunk);
    }

    @Override
    public UpstreamRequest listModels(ProviderTarget target) {
        Map<String, String> headers = headers(target);
        headers.remove("content-type");
        authenticate(headers, target);
        return new UpstreamRequest("GET", uri(target, "/openai/models?api-version=" + apiVersion(target)), headers, null);
    }

    @Override
    public ObjectNode toOpenAiModelList(byte[] responseBody) {
        ObjectNode in = requireArray(read(responseBody), "data");
        ObjectNode out = json.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (JsonNode m : in.path("data")) {
            data.addObject().put("id", m.path("id").asText()).put("object", "model")
                    .put("created", m.path("created_at").asLong(0)).put("owned_by", NAME);
        }
        return out;
    }
}
