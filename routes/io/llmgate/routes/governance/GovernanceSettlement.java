package io.llmgate.routes.governance;

import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.ratelimit.RateLimitEnforcer;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestListener;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.ResponseHolds;
import io.llmgate.routes.api.Usage;

/**
 * When a request ends (a stream: when it ends), its budget holds become the real cost and its token rate-limit
 * counts the real tokens; failures without usage release the holds. The answer waits for the commit of the spend
 * ({@link ResponseHolds}; bounded by {@code gateway.budgets.spend-commit-wait}), so a 2xx means the spend survives a
 * crash.
 */
@Component
public class GovernanceSettlement implements RequestListener {

    private final BudgetEnforcer budgets;
    private final RateLimitEnforcer rateLimits;

    public GovernanceSettlement(BudgetEnforcer budgets, RateLimitEnforcer rateLimits) {
        this.budgets = budgets;
        this.rateLimits = rateLimits;
    }

    @Override
    public void onComplete(Exchange exchange, GatewayRequest request, RequestOutcome outcome) {
        Usage usage = outcome.usage() == null ? Usage.NONE : outcome.usage();
        RateLimitEnforcer.Admission admission = GatewayExchange.of(exchange).admission();
        if (admission != null) {
            rateLimits.settle(admission, usage.totalTokens());
        }
        BudgetEnforcer.Reservation reservation = GatewayExchange.of(exchange).reservation();
        if (reservation != null) {
            ResponseHolds.add(exchange, budgets.settle(reservation, outcome.provider(), outcome.model(),
                    usage.promptTokens(), usage.completionTokens()));
        }
        @SuppressWarnings("unchecked")
        Map<String, VirtualKeyUsageGate.Admitted> routed = exchange.getProperty(VirtualKeyUsageGate.ADMITTED,
                Map.class);
        if (routed != null) {
            for (VirtualKeyUsageGate.Admitted a : routed.values()) {
                rateLimits.settle(a.admission(), usage.totalTokens());
                ResponseHolds.add(exchange, budgets.settle(a.reservation(), outcome.provider(), outcome.model(),
                        usage.promptTokens(), usage.completionTokens()));
            }
        }
    }
}
