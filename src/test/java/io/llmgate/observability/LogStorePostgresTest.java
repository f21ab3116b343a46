package io.llmgate.observability;

import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;

/** The log store scenarios (retention, refused entries) on PostgreSQL (skipped when no server answers). */
class LogStorePostgresTest extends PostgresObservabilityTest implements LogStoreScenarios {

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
