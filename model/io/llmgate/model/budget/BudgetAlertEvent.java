package io.llmgate.model.budget;

import java.time.Instant;

/**
 * Published (Spring application event) once per budget, subject, period and threshold when spend crosses an alert
 * threshold. Also recorded in the audit trail as {@code budget.alert}. Notification channels can listen to it.
 */
public record BudgetAlertEvent(String budgetId, String workspaceId, String budgetName, String subject,
                               int thresholdPct, long spentUsdNanos, Long limitUsdNanos, long spentTokens,
                               Long limitTokens, Instant periodStart) {
}
