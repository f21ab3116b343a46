package io.llmgate.model.logs;

import java.util.List;

/**
 * Another destination for log rows (beyond the database), fed by the writer's thread after each batch. Must not
 * block: implementations hand the rows to a queue of their own and count what they cannot take.
 */
public interface LogSink {

    void publish(List<LogEntry> batch);

    /**
     * False when the sink has nowhere to send rows. The writer then lets each entry go once its rows are encoded
     * instead of keeping a whole batch of entries alive for it (young collections copied them all).
     */
    default boolean active() {
        return true;
    }
}
