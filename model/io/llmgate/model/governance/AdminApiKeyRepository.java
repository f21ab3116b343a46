package io.llmgate.model.governance;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface AdminApiKeyRepository extends JpaRepository<AdminApiKey, String> {

    Optional<AdminApiKey> findByHashPrefix(String prefix);

    boolean existsByHashPrefix(String prefix);

    List<AdminApiKey> findByUserIdOrderByCreatedAt(String userId);

    List<AdminApiKey> findAllByOrderByCreatedAt();
}
