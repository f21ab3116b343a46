package io.llmgate.model.ratelimit;

import io.llmgate.model.governance.WorkspaceOwnedRepository;

public interface RateLimitRepository extends WorkspaceOwnedRepository<RateLimit> {
}
