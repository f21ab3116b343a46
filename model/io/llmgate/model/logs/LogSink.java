package io.llmgate.model.logs;

import java.util.List;

/**
 * Another destination for log rows (beyond the database), fed by the writer's thread after each batch. Must not
 * block: implementations hand the rows to a queue of their own and count what they cannot take.
 */
public interface LogSink {

    void publish(List<LogEntry> batch);
}
