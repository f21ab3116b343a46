package io.llmgate.model.routing;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface RoutingConfigRepository extends JpaRepository<RoutingConfig, String> {

    List<RoutingConfig> findAllByOrderByIdAsc();

    List<RoutingConfig> findByWorkspaceIdOrderByIdAsc(String workspaceId);
}
