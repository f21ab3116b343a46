package io.llmgate.model.governance;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface VirtualKeyRepository extends JpaRepository<VirtualKey, String> {

    List<VirtualKey> findByWorkspaceIdOrderByCreatedAt(String workspaceId);
}
