package io.llmgate.model.ratelimit;

import io.llmgate.model.governance.SnakeCaseJson;
import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.ApiKeyRepository;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.ScopedLimitService;
import io.llmgate.model.governance.VirtualKeyRepository;

/** Rate limits of a workspace: define, change, delete. RBAC-checked and audited. */
@Service
public class RateLimitService
        extends ScopedLimitService<RateLimit, RateLimitService.RateLimitView, RateLimitService.RateLimitSpec> {

    @SnakeCaseJson
    public record RateLimitView(String id, String workspaceId, String name, String scopeType, String scopeRef,
                                String metric, String window, long limit, boolean enabled, Instant createdAt,
                                Instant updatedAt) {
    }

    /** Fields of a rate limit; metric is requests or tokens, window minute or hour. Null keeps a field on update. */
    @SnakeCaseJson
    public record RateLimitSpec(String name, String scopeType, String scopeRef, String metric, String window,
                                Long limit, Boolean enabled) implements ScopedLimitService.Spec {
    }

    private final RateLimitEnforcer enforcer;

    public RateLimitService(RateLimitRepository limits, ApiKeyRepository apiKeys, VirtualKeyRepository virtualKeys,
                            AccessPolicy access, AuditService audit, RateLimitEnforcer enforcer, Clock clock) {
        super(new Kind(Permission.RATE_LIMIT_READ, Permission.RATE_LIMIT_WRITE, "rate_limit", "rate limit"), "rl",
                RateLimit::new, limits, apiKeys, virtualKeys, access, audit, clock);
        this.enforcer = enforcer;
    }

    @Override
    protected void requireComplete(RateLimitSpec spec) {
        if (spec.name() == null || spec.scopeType() == null || spec.metric() == null || spec.window() == null
                || spec.limit() == null) {
            throw GovernanceException.invalid(null, "a rate limit needs name, scope_type, metric (requests or "
                    + "tokens), window (minute or hour) and limit");
        }
    }

    @Override
    protected void invalidate(String workspaceId) {
        enforcer.invalidate(workspaceId);
    }

    @Override
    protected void applyFields(RateLimit r, RateLimitSpec spec) {
        if (spec.metric() != null) {
            r.setMetric(switch (spec.metric().trim().toLowerCase()) {
                case "requests" -> RateLimit.Metric.REQUESTS;
                case "tokens" -> RateLimit.Metric.TOKENS;
                default -> throw GovernanceException.invalid("metric", "'metric' must be requests or tokens");
            });
        }
        if (spec.window() != null) {
            r.setWindowUnit(switch (spec.window().trim().toLowerCase()) {
                case "minute" -> RateLimit.Unit.MINUTE;
                case "hour" -> RateLimit.Unit.HOUR;
                default -> throw GovernanceException.invalid("window", "'window' must be minute or hour");
            });
        }
        if (spec.limit() != null) {
            if (spec.limit() < 1) {
                throw GovernanceException.invalid("limit", "'limit' must be at least 1");
            }
            r.setMaxValue(spec.limit());
        }
    }

    @Override
    protected RateLimitView view(RateLimit r) {
        return toView(r);
    }

    static RateLimitView toView(RateLimit r) {
        return new RateLimitView(r.getId(), r.getWorkspaceId(), r.getName(), r.getScopeType().name().toLowerCase(),
                r.getScopeRef(), r.getMetric().name().toLowerCase(), r.getWindowUnit().name().toLowerCase(),
                r.getMaxValue(), r.isEnabled(), r.getCreatedAt(), r.getUpdatedAt());
    }
}
