package io.llmgate.observability;

/** The request log scenarios on PostgreSQL (skipped when no server answers). */
class RequestLogPostgresTest extends PostgresObservabilityTest implements RequestLogScenarios {
}
