package io.llmgate.model.governance;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface WorkspaceMemberRepository extends JpaRepository<WorkspaceMember, String> {

    Optional<WorkspaceMember> findByWorkspaceIdAndUserId(String workspaceId, String userId);

    List<WorkspaceMember> findByUserId(String userId);

    List<WorkspaceMember> findByWorkspaceId(String workspaceId);

    long countByWorkspaceIdAndRole(String workspaceId, Role role);
}
