package io.llmgate.routes.governance;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.routes.api.GatewayExchange;

/** Exchange properties governance sets on a request, and small helpers around them. */
public final class GovernanceExchange {

    /** The {@code UsageEstimator.Estimate} of the request (computed once). */
    static final String ESTIMATE = "llmgate.gov.estimate";

    private GovernanceExchange() {
    }

    /** Adds headers to the response (success or error). */
    @SuppressWarnings("unchecked")
    static void addResponseHeaders(Exchange exchange, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return;
        }
        Map<String, Object> map = GatewayExchange.of(exchange).responseHeaders();
        if (map == null) {
            map = new LinkedHashMap<>();
            GatewayExchange.of(exchange).responseHeaders(map);
        }
        map.putAll(headers);
    }

    /** The caller as the audit trail names it. */
    static Actor actor(Exchange exchange) {
        return actor(GatewayExchange.of(exchange).apiKey(), exchange);
    }

    /** The caller as the audit trail names it, for a key not (yet) accepted: null for an unknown one. */
    static Actor actor(ApiKeyRecord key, Exchange exchange) {
        String ip = GatewayExchange.of(exchange).clientIp();
        return key == null ? new Actor(ActorType.ANONYMOUS, null, "anonymous", null, false, ip)
                : new Actor(ActorType.API_KEY, key.id(), key.name(), null, false, ip);
    }
}
