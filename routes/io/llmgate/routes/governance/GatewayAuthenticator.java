package io.llmgate.routes.governance;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.model.governance.ApiKeyScopes;
import io.llmgate.model.governance.GatewayKeyVerifier;
import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.model.governance.KeyTokens;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.inbound.RequestParser;

/**
 * Every /v1 request names a gateway API key, in {@code x-gateway-api-key} (then {@code Authorization} carries the
 * provider key, Portkey style) or as {@code Authorization: Bearer lg-...} (then the provider key comes from a
 * virtual key or config). Missing, unknown, expired or revoked keys get 401; a key without the scope for the
 * endpoint or config gets 403. This runs on the headers alone, before the body is read: a caller without a valid
 * key learns nothing about its request and costs no parsing ({@link ModelPermission} checks the body's model
 * later). On success the caller is set, the gateway key is removed from the request's headers (it never reaches a
 * provider or a log), and the key's default config applies when none is named.
 */
@Component
public class GatewayAuthenticator implements Processor {

    private final GatewayKeyVerifier verifier;
    private final AccessDenials denials;
    private final boolean enabled;

    public GatewayAuthenticator(GatewayKeyVerifier verifier, AccessDenials denials, GovernanceProperties properties) {
        this.verifier = verifier;
        this.denials = denials;
        this.enabled = properties.getAuth().isEnabled();
    }

    @Override
    public void process(Exchange exchange) {
        if (RequestParser.HEALTH.equals(GatewayExchange.of(exchange).operation())) {
            return;
        }
        GatewayExchange.of(exchange).clientIp(clientIp(exchange));
        GatewayRequest request = GatewayExchange.of(exchange).request();
        if (!enabled || request == null) {
            GatewayExchange.of(exchange).caller(CallerIdentity.ANONYMOUS);
            return;
        }
        String headerKey = request.header(GatewayHeaders.API_KEY);
        boolean inAuthorization = headerKey == null || headerKey.isBlank();
        String token = inAuthorization ? bearer(request.header("authorization")) : headerKey.trim();
        if (token == null || token.isEmpty()) {
            throw denials.deny(exchange, request, null, 401, "invalid_request_error", "missing_api_key",
                    "Missing gateway API key. Send it as 'Authorization: Bearer lg-...' or in the "
                            + GatewayHeaders.API_KEY + " header.");
        }
        GatewayKeyVerifier.Verification v = verifier.verify(token);
        ApiKeyRecord key = v.key();
        switch (v.status()) {
            case MALFORMED -> throw denials.deny(exchange, request, null, 401, "invalid_request_error",
                    "invalid_api_key", inAuthorization && !token.startsWith(KeyTokens.GATEWAY_KIND + "-")
                            ? "The Authorization header does not carry a gateway API key (lg-...). Send the gateway "
                            + "key as 'Authorization: Bearer lg-...' and the provider key through a virtual key, or "
                            + "send the gateway key in " + GatewayHeaders.API_KEY + " and the provider key in "
                            + "Authorization."
                            : "Invalid gateway API key: it is not of the form lg-<prefix>-<secret>.");
            case UNKNOWN -> throw denials.deny(exchange, request, null, 401, "invalid_request_error",
                    "invalid_api_key", "Invalid gateway API key provided: " + masked(token) + ".");
            case REVOKED -> throw denials.deny(exchange, request, key, 401, "invalid_request_error",
                    "revoked_api_key", "The gateway API key " + masked(token) + " has been revoked.");
            case EXPIRED -> throw denials.deny(exchange, request, key, 401, "invalid_request_error",
                    "expired_api_key", "The gateway API key " + masked(token) + " expired at " + key.expiresAt()
                            + ".");
            default -> {
            }
        }
        GatewayExchange.of(exchange).apiKey(key);
        String scope = request.endpoint().scope();
        if (!ApiKeyScopes.allowsEndpoint(key.scopes(), scope)) {
            throw denials.deny(exchange, request, key, 403, "permission_error", "scope_denied", "This API key has "
                    + "no scope for " + request.endpoint().path() + " (needs '" + scope + "').");
        }
        String config = request.header(GatewayHeaders.CONFIG);
        if (config != null && !config.isBlank()) {
            String configId = config.trim().startsWith("{") ? null : config.trim();
            if (!ApiKeyScopes.allowsConfig(key.scopes(), configId, key.defaultConfigId())) {
                throw denials.deny(exchange, request, key, 403, "permission_error", "config_not_allowed",
                        configId == null ? "This API key may not send inline routing configs (needs scope "
                                + "'config:inline')." : "This API key may not use routing config '" + configId
                                + "' (needs scope 'config:" + configId + "' or 'config:*').");
            }
        }
        GatewayExchange.of(exchange).request(withoutGatewayKey(request, inAuthorization, key));
        GatewayExchange.of(exchange).caller(new CallerIdentity(key.id(), key.name(), key.workspaceId(),
                key.organizationId()));
    }

    /** The request as the rest of the route sees it: no gateway key; the key's default config when none named. */
    private static GatewayRequest withoutGatewayKey(GatewayRequest r, boolean inAuthorization, ApiKeyRecord key) {
        Map<String, String> headers = new HashMap<>(r.headers());
        headers.remove(GatewayHeaders.API_KEY);
        headers.remove("x-portkey-api-key");
        if (inAuthorization) {
            headers.remove("authorization");
        }
        if (key.defaultConfigId() != null && r.header(GatewayHeaders.CONFIG) == null) {
            headers.put(GatewayHeaders.CONFIG, key.defaultConfigId());
        }
        return new GatewayRequest(r.requestId(), r.endpoint(), r.body(), Map.copyOf(headers), r.metadata(),
                r.receivedNanos());
    }

    /** Shows the lookup prefix only: {@code lg-ab12cd34-****}. */
    static String masked(String token) {
        KeyTokens.Parsed p = KeyTokens.parse(token);
        return p == null ? "****" : p.kind() + "-" + p.prefix() + "-****";
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
    }

    private static String clientIp(Exchange exchange) {
        Object remote = exchange.getIn().getHeader("CamelNettyRemoteAddress");
        if (remote instanceof InetSocketAddress a) {
            return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        }
        return remote == null ? null : String.valueOf(remote);
    }
}
