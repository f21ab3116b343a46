package io.llmgate.routes.governance;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.budget.BudgetExceededException;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderRegistry;

/**
 * Holds the request's estimated cost on every budget that applies before it goes upstream; a request that does not
 * fit gets 429 {@code budget_exceeded} naming the budget. {@link GovernanceSettlement} settles the hold.
 */
@Component
public class BudgetProcessor implements Processor {

    private final BudgetEnforcer enforcer;
    private final UsageSubjects subjects;
    private final AuditService audit;
    private final ProviderRegistry providers;

    public BudgetProcessor(BudgetEnforcer enforcer, UsageSubjects subjects, AuditService audit,
                           ProviderRegistry providers) {
        this.enforcer = enforcer;
        this.subjects = subjects;
        this.audit = audit;
        this.providers = providers;
    }

    @Override
    public void process(Exchange exchange) {
        UsageSubject subject = subjects.subject(exchange);
        if (subject == null || GatewayExchange.of(exchange).reservation() != null) {
            return;
        }
        GatewayRequest request = GatewayExchange.of(exchange).request();
        UsageEstimator.Estimate estimate = subjects.estimate(exchange);
        try {
            GatewayExchange.of(exchange).reservation(enforcer.reserve(subject, provider(request),
                    request.model(), estimate.promptTokens(), estimate.completionTokens(), estimate.choices()));
        } catch (BudgetExceededException e) {
            audit.recordDenied(GovernanceExchange.actor(exchange), subject.workspaceId(), "budget_exceeded",
                    "429 budget " + e.budgetId() + ": " + e.getMessage(), request.requestId());
            throw new GatewayException(429, "budget_exceeded", "budget_exceeded", null, e.getMessage(), null,
                    e.retryAfterSeconds(), null);
        }
    }

    private String provider(GatewayRequest request) {
        String p = request.header(GatewayHeaders.PROVIDER);
        if (p == null || p.isBlank()) {
            return null;
        }
        try {
            return providers.canonicalName(p);
        } catch (GatewayException unknown) {
            return null;
        }
    }
}
