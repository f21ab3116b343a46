package io.llmgate.model.budget;

import io.llmgate.model.governance.WorkspaceOwnedRepository;

public interface BudgetRepository extends WorkspaceOwnedRepository<Budget> {
}
