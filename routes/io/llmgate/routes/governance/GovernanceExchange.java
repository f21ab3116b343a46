package io.llmgate.routes.governance;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ActorType;
import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.routes.inbound.ResponseWriter;

/** Exchange properties governance sets on a request, and small helpers around them. */
public final class GovernanceExchange {

    /** The authenticated {@link ApiKeyRecord}. */
    public static final String API_KEY = "llmgate.gov.apiKey";
    /** Client address, for the audit trail. */
    public static final String CLIENT_IP = "llmgate.gov.clientIp";
    /** The {@code UsageSubject} of the request (computed once). */
    static final String SUBJECT = "llmgate.gov.subject";
    /** The {@code UsageEstimator.Estimate} of the request (computed once). */
    static final String ESTIMATE = "llmgate.gov.estimate";
    /** The rate-limit admission to settle. */
    static final String ADMISSION = "llmgate.gov.admission";
    /** The budget reservation to settle. */
    static final String RESERVATION = "llmgate.gov.reservation";

    private GovernanceExchange() {
    }

    /** Adds headers to the response (success or error). */
    @SuppressWarnings("unchecked")
    static void addResponseHeaders(Exchange exchange, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return;
        }
        Map<String, Object> map = exchange.getProperty(ResponseWriter.RESPONSE_HEADERS, Map.class);
        if (map == null) {
            map = new LinkedHashMap<>();
            exchange.setProperty(ResponseWriter.RESPONSE_HEADERS, map);
        }
        map.putAll(headers);
    }

    /** The caller as the audit trail names it. */
    static Actor actor(Exchange exchange) {
        return actor(exchange.getProperty(API_KEY, ApiKeyRecord.class), exchange);
    }

    /** The caller as the audit trail names it, for a key not (yet) accepted: null for an unknown one. */
    static Actor actor(ApiKeyRecord key, Exchange exchange) {
        String ip = exchange.getProperty(CLIENT_IP, String.class);
        return key == null ? new Actor(ActorType.ANONYMOUS, null, "anonymous", null, false, ip)
                : new Actor(ActorType.API_KEY, key.id(), key.name(), null, false, ip);
    }
}
