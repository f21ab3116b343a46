package io.llmgate.routes.governance;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.ApiKeyRecord;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayRequest;

/** A refused /v1 request (401 or 403): recorded in the audit trail, answered in OpenAI's error shape. */
@Component
public class AccessDenials {

    private final AuditService audit;

    public AccessDenials(AuditService audit) {
        this.audit = audit;
    }

    GatewayException deny(Exchange exchange, GatewayRequest request, ApiKeyRecord key, int status, String type,
                          String code, String message) {
        audit.recordDenied(GovernanceExchange.actor(key, exchange), key == null ? null : key.workspaceId(), code, status + " "
                + request.endpoint().path() + (request.model() == null ? "" : " model=" + request.model()) + ": "
                + message, request.requestId());
        return new GatewayException(status, type, code, null, message, null, null, null);
    }
}
