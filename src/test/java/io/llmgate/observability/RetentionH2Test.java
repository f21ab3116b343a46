package io.llmgate.observability;

import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;

/** The retention scenarios on H2. */
class RetentionH2Test extends H2ObservabilityTest implements RetentionScenarios {

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
