package io.llmgate.routes.api;

/**
 * Who is calling, once a gateway API key was checked. Set on {@link GatewayExchange} by
 * authentication; null fields mean "not known" (e.g. authentication disabled).
 */
public record CallerIdentity(String apiKeyId, String apiKeyName, String workspaceId, String organizationId) {

    public static final CallerIdentity ANONYMOUS = new CallerIdentity(null, null, null, null);
}
