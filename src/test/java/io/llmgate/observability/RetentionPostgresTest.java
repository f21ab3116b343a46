package io.llmgate.observability;

import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;

/** The retention scenarios on PostgreSQL (skipped when no server answers). */
class RetentionPostgresTest extends PostgresObservabilityTest implements RetentionScenarios {

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
