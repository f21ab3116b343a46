package io.llmgate.model.routing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface RoutingConfigVersionRepository extends JpaRepository<RoutingConfigVersion, RoutingConfigVersion.Key> {

    List<RoutingConfigVersion> findByConfigIdOrderByVersionDesc(String configId);

    Optional<RoutingConfigVersion> findByConfigIdAndVersion(String configId, int version);

    Optional<RoutingConfigVersion> findFirstByConfigIdOrderByVersionDesc(String configId);
}
