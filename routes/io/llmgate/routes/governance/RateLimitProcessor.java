package io.llmgate.routes.governance;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.model.ratelimit.RateLimitEnforcer;
import io.llmgate.model.ratelimit.RateLimitExceededException;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;

/**
 * Counts the request against its rate limits (requests, and estimated tokens) and adds OpenAI's
 * {@code x-ratelimit-*} headers; over a limit it answers 429 with {@code Retry-After}. Runs once per request.
 */
@Component
public class RateLimitProcessor implements Processor {

    private final RateLimitEnforcer enforcer;
    private final UsageSubjects subjects;
    private final AuditService audit;

    public RateLimitProcessor(RateLimitEnforcer enforcer, UsageSubjects subjects, AuditService audit) {
        this.enforcer = enforcer;
        this.subjects = subjects;
        this.audit = audit;
    }

    @Override
    public void process(Exchange exchange) {
        UsageSubject subject = subjects.subject(exchange);
        if (subject == null || GatewayExchange.of(exchange).admission() != null) {
            return;
        }
        try {
            RateLimitEnforcer.Admission admission = enforcer.admit(subject, subjects.estimate(exchange).total());
            GatewayExchange.of(exchange).admission(admission);
            GovernanceExchange.addResponseHeaders(exchange, admission.headers());
        } catch (RateLimitExceededException e) {
            GovernanceExchange.addResponseHeaders(exchange, e.headers());
            audit.recordDenied(GovernanceExchange.actor(exchange), subject.workspaceId(), "rate_limit_exceeded",
                    "429: " + e.getMessage(), GatewayExchange.of(exchange).requestId());
            throw new GatewayException(429, e.metric(), "rate_limit_exceeded", null, e.getMessage(), null,
                    e.retryAfterSeconds(), null);
        }
    }
}
