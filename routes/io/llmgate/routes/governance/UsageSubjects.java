package io.llmgate.routes.governance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;

/** Works out, once per request, whom it counts against and what it is expected to use. */
@Component
public class UsageSubjects {

    private final GovernanceProperties properties;
    private final UsageEstimator estimator;

    public UsageSubjects(GovernanceProperties properties, UsageEstimator estimator) {
        this.properties = properties;
        this.estimator = estimator;
    }

    /** The subject, or null for anonymous requests (authentication disabled): nothing to count then. */
    public UsageSubject subject(Exchange exchange) {
        UsageSubject s = GatewayExchange.of(exchange).usageSubject();
        if (s != null) {
            return s;
        }
        CallerIdentity caller = GatewayExchange.of(exchange).callerOrNull();
        GatewayRequest request = GatewayExchange.of(exchange).request();
        if (caller == null || caller.apiKeyId() == null || request == null) {
            return null;
        }
        String vk = request.header(GatewayHeaders.VIRTUAL_KEY);
        s = new UsageSubject(caller.workspaceId(), caller.apiKeyId(), vk == null || vk.isBlank() ? null : vk.trim(),
                user(request));
        GatewayExchange.of(exchange).usageSubject(s);
        return s;
    }

    public UsageEstimator.Estimate estimate(Exchange exchange) {
        UsageEstimator.Estimate e = exchange.getProperty(GovernanceExchange.ESTIMATE, UsageEstimator.Estimate.class);
        if (e == null) {
            GatewayRequest request = GatewayExchange.of(exchange).request();
            ObjectNode sent = GatewayExchange.of(exchange).body();
            e = estimator.estimate(request, sent != null ? sent : request.body());
            exchange.setProperty(GovernanceExchange.ESTIMATE, e);
        }
        return e;
    }

    private String user(GatewayRequest request) {
        for (String key : properties.getUserMetadataKeys()) {
            String v = request.metadata().get(key);
            if (v != null && !v.isBlank()) {
                return v.length() > 200 ? v.substring(0, 200) : v;
            }
        }
        return null;
    }
}
