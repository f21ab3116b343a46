package io.llmgate.model.governance;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface WorkspaceRepository extends JpaRepository<Workspace, String> {

    List<Workspace> findByIdInOrderByName(Collection<String> ids);

    List<Workspace> findAllByOrderByName();

    boolean existsByOrganizationIdAndName(String organizationId, String name);
}
