package io.llmgate.model.budget;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface BudgetRepository extends JpaRepository<Budget, String> {

    List<Budget> findByWorkspaceIdOrderByCreatedAt(String workspaceId);
}
