package io.llmgate.observability;

/** The log store scenarios (retention, refused entries) on PostgreSQL (skipped when no server answers). */
class LogStorePostgresTest extends PostgresObservabilityTest implements LogStoreScenarios {
}
