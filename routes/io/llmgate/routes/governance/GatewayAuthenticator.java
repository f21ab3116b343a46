package io.llmgate.routes.governance;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.model.governance.ApiKeyScopes;
import io.llmgate.model.governance.GatewayKeyVerifier;
import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.model.governance.KeyTokens;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.inbound.RequestParser;

/**
 * Every /v1 request names a gateway API key, in {@code x-gateway-api-key} (then {@code Authorization} carries the
 * provider key, Portkey style) or as {@code Authorization: Bearer lg-...} (then the provider key comes from a
 * virtual key or config). Missing, unknown, expired or revoked keys get 401; a key without the scope for the
 * endpoint, model or config gets 403. On success the caller is set, the gateway key is removed from the request's
 * headers (it never reaches a provider or a log), and the key's default config applies when none is named.
 */
@Component
public class GatewayAuthenticator implements Processor {

    private final GatewayKeyVerifier verifier;
    private final AuditService audit;
    private final boolean enabled;

    public GatewayAuthenticator(GatewayKeyVerifier verifier, AuditService audit, GovernanceProperties properties) {
        this.verifier = verifier;
        this.audit = audit;
        this.enabled = properties.getAuth().isEnabled();
    }

    @Override
    public void process(Exchange exchange) {
        if (RequestParser.HEALTH.equals(exchange.getProperty(RequestParser.OPERATION))) {
            return;
        }
        exchange.setProperty(GovernanceExchange.CLIENT_IP, clientIp(exchange));
        GatewayRequest request = exchange.getProperty(GatewayHeaders.REQUEST_PROPERTY, GatewayRequest.class);
        if (!enabled || request == null) {
            exchange.setProperty(CallerIdentity.PROPERTY, CallerIdentity.ANONYMOUS);
            return;
        }
        String headerKey = request.header(GatewayHeaders.API_KEY);
        boolean inAuthorization = headerKey == null || headerKey.isBlank();
        String token = inAuthorization ? bearer(request.header("authorization")) : headerKey.trim();
        if (token == null || token.isEmpty()) {
            throw deny(exchange, request, null, 401, "invalid_request_error", "missing_api_key",
                    "Missing gateway API key. Send it as 'Authorization: Bearer lg-...' or in the "
                            + GatewayHeaders.API_KEY + " header.");
        }
        GatewayKeyVerifier.Verification v = verifier.verify(token);
        ApiKeyRecord key = v.key();
        switch (v.status()) {
            case MALFORMED -> throw deny(exchange, request, null, 401, "invalid_request_error", "invalid_api_key",
                    inAuthorization && !token.startsWith(KeyTokens.GATEWAY_KIND + "-")
                            ? "The Authorization header does not carry a gateway API key (lg-...). Send the gateway "
                            + "key as 'Authorization: Bearer lg-...' and the provider key through a virtual key, or "
                            + "send the gateway key in " + GatewayHeaders.API_KEY + " and the provider key in "
                            + "Authorization."
                            : "Invalid gateway API key: it is not of the form lg-<prefix>-<secret>.");
            case UNKNOWN -> throw deny(exchange, request, null, 401, "invalid_request_error", "invalid_api_key",
                    "Invalid gateway API key provided: " + masked(token) + ".");
            case REVOKED -> throw deny(exchange, request, key, 401, "invalid_request_error", "revoked_api_key",
                    "The gateway API key " + masked(token) + " has been revoked.");
            case EXPIRED -> throw deny(exchange, request, key, 401, "invalid_request_error", "expired_api_key",
                    "The gateway API key " + masked(token) + " expired at " + key.expiresAt() + ".");
            default -> {
            }
        }
        exchange.setProperty(GovernanceExchange.API_KEY, key);
        String scope = request.endpoint().scope();
        if (!ApiKeyScopes.allowsEndpoint(key.scopes(), scope)) {
            throw deny(exchange, request, key, 403, "permission_error", "scope_denied", "This API key has no scope "
                    + "for " + request.endpoint().path() + " (needs '" + scope + "').");
        }
        if (!ApiKeyScopes.allowsModel(key.allowedModels(), request.model())) {
            throw deny(exchange, request, key, 403, "permission_error", "model_not_allowed", "This API key may not "
                    + "use model '" + request.model() + "'; allowed: " + String.join(", ", key.allowedModels()) + ".");
        }
        String config = request.header(GatewayHeaders.CONFIG);
        if (config != null && !config.isBlank()) {
            String configId = config.trim().startsWith("{") ? null : config.trim();
            if (!ApiKeyScopes.allowsConfig(key.scopes(), configId, key.defaultConfigId())) {
                throw deny(exchange, request, key, 403, "permission_error", "config_not_allowed",
                        configId == null ? "This API key may not send inline routing configs (needs scope "
                                + "'config:inline')." : "This API key may not use routing config '" + configId
                                + "' (needs scope 'config:" + configId + "' or 'config:*').");
            }
        }
        exchange.setProperty(GatewayHeaders.REQUEST_PROPERTY, withoutGatewayKey(request, inAuthorization, key));
        exchange.setProperty(CallerIdentity.PROPERTY, new CallerIdentity(key.id(), key.name(), key.workspaceId(),
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

    private GatewayException deny(Exchange exchange, GatewayRequest request, ApiKeyRecord key, int status,
                                  String type, String code, String message) {
        String ip = exchange.getProperty(GovernanceExchange.CLIENT_IP, String.class);
        Actor actor = key == null ? new Actor(ActorType.ANONYMOUS, null, "anonymous", null, false, ip)
                : new Actor(ActorType.API_KEY, key.id(), key.name(), null, false, ip);
        audit.recordDenied(actor, key == null ? null : key.workspaceId(), code, status + " "
                + request.endpoint().path() + (request.model() == null ? "" : " model=" + request.model()) + ": "
                + message, request.requestId());
        return new GatewayException(status, type, code, null, message, null, null, null);
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
