package io.llmgate.model.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the gateway knows of an API key while authenticating: a cached snapshot of the row, hash included. */
public record ApiKeyRecord(String id, String name, String workspaceId, String organizationId, String salt,
                           String hash, Set<String> scopes, List<String> allowedModels, String defaultConfigId,
                           Map<String, String> metadata, Instant expiresAt, Instant revokedAt) {

    @Override
    public String toString() {
        return "ApiKeyRecord[" + id + "]";
    }
}
