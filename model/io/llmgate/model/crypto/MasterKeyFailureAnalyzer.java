package io.llmgate.model.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a master-key problem at start-up into Spring Boot's "APPLICATION FAILED TO START" text, without a trace. */
public class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start llmgate with the master key this database was created with: set LLMGATE_MASTER_KEY "
                        + "(base64 of 32 bytes) or gateway.master-key-file. See docs/governance.md.", cause);
    }
}
