package io.llmgate.routes.api;

/** Names of the headers and exchange properties the gateway reads and writes. */
public final class GatewayHeaders {

    public static final String PROVIDER = "x-gateway-provider";
    public static final String CUSTOM_HOST = "x-gateway-custom-host";
    public static final String CONFIG = "x-gateway-config";
    public static final String METADATA = "x-gateway-metadata";
    public static final String API_KEY = "x-gateway-api-key";
    public static final String VIRTUAL_KEY = "x-gateway-virtual-key";
    public static final String TRACE_ID = "x-gateway-trace-id";
    public static final String REQUEST_ID = "x-request-id";
    public static final String LAST_USED_OPTION_INDEX = "x-gateway-last-used-option-index";
    public static final String RETRY_ATTEMPT_COUNT = "x-gateway-retry-attempt-count";

    /** Exchange property holding the {@code ProviderTarget} of the current attempt. */
    public static final String TARGET_PROPERTY = "llmgate.target";
    /** Exchange property holding the {@code UpstreamResult} that answers the request. */
    public static final String RESULT_PROPERTY = "llmgate.result";

    private GatewayHeaders() {
    }
}
