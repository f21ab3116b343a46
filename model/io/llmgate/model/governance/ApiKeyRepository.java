package io.llmgate.model.governance;

import java.util.Optional;

public interface ApiKeyRepository extends WorkspaceOwnedRepository<ApiKey> {

    Optional<ApiKey> findByHashPrefix(String prefix);

    boolean existsByHashPrefix(String prefix);
}
