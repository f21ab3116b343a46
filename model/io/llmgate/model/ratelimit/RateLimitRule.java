package io.llmgate.model.ratelimit;

import java.time.Duration;

import io.llmgate.model.governance.ScopeType;

/** An enabled rate limit as the enforcer caches it. */
public record RateLimitRule(String id, String workspaceId, String name, ScopeType scopeType, String scopeRef,
                            RateLimit.Metric metric, RateLimit.Unit unit, long max) {

    static RateLimitRule of(RateLimit r) {
        return new RateLimitRule(r.getId(), r.getWorkspaceId(), r.getName(), r.getScopeType(), r.getScopeRef(),
                r.getMetric(), r.getWindowUnit(), r.getMaxValue());
    }

    Duration window() {
        return unit == RateLimit.Unit.MINUTE ? Duration.ofMinutes(1) : Duration.ofHours(1);
    }

    String describe() {
        return "'" + name + "' (" + max + " " + metric.name().toLowerCase() + " per " + unit.name().toLowerCase() + ")";
    }
}
