package io.llmgate.model.governance;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

    Optional<ApiKey> findByPrefix(String prefix);

    boolean existsByPrefix(String prefix);

    List<ApiKey> findByWorkspaceIdOrderByCreatedAt(String workspaceId);
}
