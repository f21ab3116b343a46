package io.llmgate.observability;

/** The request log scenarios on H2. */
class RequestLogH2Test extends H2ObservabilityTest implements RequestLogScenarios {
}
