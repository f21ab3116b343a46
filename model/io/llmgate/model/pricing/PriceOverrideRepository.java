package io.llmgate.model.pricing;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PriceOverrideRepository extends JpaRepository<PriceOverride, PriceOverride.Key> {
}
