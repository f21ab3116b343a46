package io.llmgate.observability;

import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;

/** The log store scenarios (retention, refused entries) on H2. */
class LogStoreH2Test extends H2ObservabilityTest implements LogStoreScenarios {

    @Autowired
    RequestLogStore store;
    @Autowired
    LogQueryService logs;

    @Override
    public RequestLogStore store() {
        return store;
    }

    @Override
    public LogQueryService logs() {
        return logs;
    }
}
