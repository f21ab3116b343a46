package io.llmgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class, with the reason, before any Spring context starts, when the tests run on PostgreSQL
 * ({@code -Dllmgate.test.db=postgres}) and no server answers at {@link TestDatabase#PG_BASE}.
 */
public class PostgresAvailable implements ExecutionCondition {

    private static final Map<String, String> CHECKED = new ConcurrentHashMap<>();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.postgres()) {
            return ConditionEvaluationResult.enabled("H2 run");
        }
        String problem = CHECKED.computeIfAbsent("server", k -> {
            try (Connection c = DriverManager.getConnection(TestDatabase.PG_BASE, TestDatabase.pgUser(), "")) {
                return "";
            } catch (SQLException e) {
                String reason = "PostgreSQL at " + TestDatabase.PG_BASE + " (user " + TestDatabase.pgUser()
                        + ") is not available, skipping the PostgreSQL run: " + e.getMessage();
                System.err.println("SKIPPED: " + reason);
                return reason;
            }
        });
        return problem.isEmpty() ? ConditionEvaluationResult.enabled("PostgreSQL answers")
                : ConditionEvaluationResult.disabled(problem);
    }
}
