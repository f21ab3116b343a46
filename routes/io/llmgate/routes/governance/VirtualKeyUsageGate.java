package io.llmgate.routes.governance;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.budget.BudgetExceededException;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.model.ratelimit.RateLimitEnforcer;
import io.llmgate.model.ratelimit.RateLimitExceededException;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;

/**
 * Budgets and rate limits of virtual keys that routing picks after the request was admitted (routing-config
 * targets). The {@code x-gateway-virtual-key} header's key is counted by {@link RateLimitProcessor} and
 * {@link BudgetProcessor} already; for a config target, routing calls {@link #admit} before the attempt (429 when
 * the key's budget or limit is exhausted, so routing can fall back) and {@link #release} when the attempt failed.
 * What is still admitted when the request ends is settled with its real usage by {@link GovernanceSettlement}.
 */
@Component
public class VirtualKeyUsageGate {

    /** Exchange property: virtual key id to its admission and reservation. */
    static final String ADMITTED = "llmgate.gov.virtualKeys";

    record Admitted(RateLimitEnforcer.Admission admission, BudgetEnforcer.Reservation reservation) {
    }

    private final UsageSubjects subjects;
    private final RateLimitEnforcer rateLimits;
    private final BudgetEnforcer budgets;
    private final AuditService audit;

    public VirtualKeyUsageGate(UsageSubjects subjects, RateLimitEnforcer rateLimits, BudgetEnforcer budgets,
                               AuditService audit) {
        this.subjects = subjects;
        this.rateLimits = rateLimits;
        this.budgets = budgets;
        this.audit = audit;
    }

    /**
     * Counts the request against the virtual key's own rate limits and budgets, once per key and request.
     *
     * @throws GatewayException 429 ({@code rate_limit_exceeded} or {@code budget_exceeded})
     */
    @SuppressWarnings("unchecked")
    public void admit(Exchange exchange, String virtualKeyId) {
        UsageSubject subject = subjects.subject(exchange);
        if (subject == null || virtualKeyId == null || virtualKeyId.equals(subject.virtualKeyId())) {
            return;
        }
        Map<String, Admitted> admitted = exchange.getProperty(ADMITTED, Map.class);
        if (admitted != null && admitted.containsKey(virtualKeyId)) {
            return;
        }
        UsageSubject vk = UsageSubject.virtualKey(subject.workspaceId(), virtualKeyId);
        UsageEstimator.Estimate estimate = subjects.estimate(exchange);
        String requestId = GatewayExchange.of(exchange).requestId();
        RateLimitEnforcer.Admission admission;
        try {
            admission = rateLimits.admit(vk, estimate.total());
        } catch (RateLimitExceededException e) {
            GovernanceExchange.addResponseHeaders(exchange, e.headers());
            audit.recordDenied(GovernanceExchange.actor(exchange), subject.workspaceId(), "rate_limit_exceeded",
                    "429 virtual key " + virtualKeyId + ": " + e.getMessage(), requestId);
            throw new GatewayException(429, e.metric(), "rate_limit_exceeded", null, e.getMessage(), null,
                    e.retryAfterSeconds(), null);
        }
        BudgetEnforcer.Reservation reservation;
        try {
            reservation = budgets.reserve(vk, null, GatewayExchange.of(exchange).request().model(),
                    estimate.promptTokens(), estimate.completionTokens(), estimate.choices());
        } catch (BudgetExceededException e) {
            rateLimits.settle(admission, 0);
            audit.recordDenied(GovernanceExchange.actor(exchange), subject.workspaceId(), "budget_exceeded",
                    "429 budget " + e.budgetId() + " (virtual key " + virtualKeyId + "): " + e.getMessage(), requestId);
            throw new GatewayException(429, "budget_exceeded", "budget_exceeded", null, e.getMessage(), null,
                    e.retryAfterSeconds(), null);
        }
        if (admitted == null) {
            admitted = new LinkedHashMap<>();
            exchange.setProperty(ADMITTED, admitted);
        }
        admitted.put(virtualKeyId, new Admitted(admission, reservation));
    }

    /** The attempt with this virtual key failed: its budget hold is released and it used no tokens. */
    @SuppressWarnings("unchecked")
    public void release(Exchange exchange, String virtualKeyId) {
        Map<String, Admitted> admitted = exchange.getProperty(ADMITTED, Map.class);
        Admitted a = admitted == null ? null : admitted.remove(virtualKeyId);
        if (a != null) {
            rateLimits.settle(a.admission(), 0);
            budgets.release(a.reservation());
        }
    }
}
