package io.llmgate.model.ratelimit;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface RateLimitRepository extends JpaRepository<RateLimit, String> {

    List<RateLimit> findByWorkspaceIdOrderByCreatedAt(String workspaceId);
}
