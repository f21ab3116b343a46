package io.llmgate.model.budget;

/** A request would take a budget past its limit. The message names the budget and what is left. */
public class BudgetExceededException extends RuntimeException {

    private final String budgetId;
    private final Long retryAfterSeconds;

    public BudgetExceededException(String budgetId, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.budgetId = budgetId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String budgetId() { return budgetId; }

    /** Seconds until the period resets; null for budgets that never reset. */
    public Long retryAfterSeconds() { return retryAfterSeconds; }
}
