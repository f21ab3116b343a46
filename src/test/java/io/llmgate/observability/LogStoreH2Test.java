package io.llmgate.observability;

/** The log store scenarios (retention, refused entries) on H2. */
class LogStoreH2Test extends H2ObservabilityTest implements LogStoreScenarios {
}
