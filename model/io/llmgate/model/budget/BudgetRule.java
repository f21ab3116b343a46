package io.llmgate.model.budget;

import java.time.Instant;
import java.util.List;

import io.llmgate.model.governance.ScopeType;

/** An enabled budget as the enforcer caches it. */
public record BudgetRule(String id, String workspaceId, String name, ScopeType scopeType, String scopeRef,
                         Long limitUsdNanos, Long limitTokens, BudgetPeriod period, BudgetPeriod.Alignment alignment,
                         Instant anchorAt, List<Integer> alertThresholds) {

    static BudgetRule of(Budget b) {
        return new BudgetRule(b.getId(), b.getWorkspaceId(), b.getName(), b.getScopeType(), b.getScopeRef(),
                b.getLimitUsdNanos(), b.getLimitTokens(), b.getPeriod(), b.getAlignment(), b.getAnchorAt(),
                BudgetService.thresholds(b.getAlertThresholds()));
    }

    String describe() {
        String scope = switch (scopeType) {
            case WORKSPACE -> "workspace";
            case API_KEY -> "*".equals(scopeRef) ? "per API key" : "API key " + scopeRef;
            case VIRTUAL_KEY -> "*".equals(scopeRef) ? "per virtual key" : "virtual key " + scopeRef;
            case USER -> "*".equals(scopeRef) ? "per user" : "user " + scopeRef;
        };
        return "'" + name + "' (" + scope + ", " + (period == BudgetPeriod.TOTAL ? "total"
                : alignment.name().toLowerCase() + " " + period.name().toLowerCase()) + ")";
    }
}
