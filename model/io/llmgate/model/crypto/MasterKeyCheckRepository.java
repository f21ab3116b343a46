package io.llmgate.model.crypto;

import org.springframework.data.jpa.repository.JpaRepository;

public interface MasterKeyCheckRepository extends JpaRepository<MasterKeyCheck, Integer> {
}
