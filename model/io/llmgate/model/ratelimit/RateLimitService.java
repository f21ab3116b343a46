package io.llmgate.model.ratelimit;

import io.llmgate.model.governance.SnakeCaseJson;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.ApiKeyRepository;
import io.llmgate.model.governance.ChangeNotifier;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Ids;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.ScopeType;
import io.llmgate.model.governance.VirtualKeyRepository;

/** Rate limits of a workspace: define, change, delete. RBAC-checked and audited. */
@Service
public class RateLimitService {

    @SnakeCaseJson
    public record RateLimitView(String id, String workspaceId, String name, String scopeType, String scopeRef,
                                String metric, String window, long limit, boolean enabled, Instant createdAt,
                                Instant updatedAt) {
    }

    /** Fields of a rate limit; metric is requests or tokens, window minute or hour. Null keeps a field on update. */
    @SnakeCaseJson
    public record RateLimitSpec(String name, String scopeType, String scopeRef, String metric, String window,
                                Long limit, Boolean enabled) {
    }

    private final RateLimitRepository limits;
    private final ApiKeyRepository apiKeys;
    private final VirtualKeyRepository virtualKeys;
    private final AccessPolicy access;
    private final AuditService audit;
    private final RateLimitEnforcer enforcer;
    private final Clock clock;

    public RateLimitService(RateLimitRepository limits, ApiKeyRepository apiKeys, VirtualKeyRepository virtualKeys,
                            AccessPolicy access, AuditService audit, RateLimitEnforcer enforcer, Clock clock) {
        this.limits = limits;
        this.apiKeys = apiKeys;
        this.virtualKeys = virtualKeys;
        this.access = access;
        this.audit = audit;
        this.enforcer = enforcer;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<RateLimitView> list(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, Permission.RATE_LIMIT_READ);
        return limits.findByWorkspaceIdOrderByCreatedAt(workspaceId).stream().map(RateLimitService::view).toList();
    }

    @Transactional(readOnly = true)
    public RateLimitView get(Actor actor, String id) {
        RateLimit r = find(id);
        access.require(actor, r.getWorkspaceId(), Permission.RATE_LIMIT_READ);
        return view(r);
    }

    @Transactional
    public RateLimitView create(Actor actor, String workspaceId, RateLimitSpec spec) {
        access.require(actor, workspaceId, Permission.RATE_LIMIT_WRITE);
        if (spec.name() == null || spec.scopeType() == null || spec.metric() == null || spec.window() == null
                || spec.limit() == null) {
            throw GovernanceException.invalid(null, "a rate limit needs name, scope_type, metric (requests or "
                    + "tokens), window (minute or hour) and limit");
        }
        RateLimit r = new RateLimit(Ids.newId("rl"), workspaceId, clock.instant());
        apply(r, spec);
        limits.save(r);
        RateLimitView view = view(r);
        audit.record(actor, "rate_limit.create", workspaceId, "rate_limit", r.getId(), null, view, null);
        changed(workspaceId);
        return view;
    }

    @Transactional
    public RateLimitView update(Actor actor, String id, RateLimitSpec spec) {
        RateLimit r = find(id);
        access.require(actor, r.getWorkspaceId(), Permission.RATE_LIMIT_WRITE);
        RateLimitView before = view(r);
        apply(r, spec);
        r.setUpdatedAt(clock.instant());
        limits.saveAndFlush(r);
        RateLimitView after = view(r);
        audit.record(actor, "rate_limit.update", r.getWorkspaceId(), "rate_limit", id, before, after, null);
        changed(r.getWorkspaceId());
        return after;
    }

    @Transactional
    public void delete(Actor actor, String id) {
        RateLimit r = find(id);
        access.require(actor, r.getWorkspaceId(), Permission.RATE_LIMIT_WRITE);
        RateLimitView before = view(r);
        limits.delete(r);
        audit.record(actor, "rate_limit.delete", r.getWorkspaceId(), "rate_limit", id, before, null, null);
        changed(r.getWorkspaceId());
    }

    private void changed(String workspaceId) {
        ChangeNotifier.afterCommit(() -> enforcer.invalidate(workspaceId));
    }

    private void apply(RateLimit r, RateLimitSpec spec) {
        if (spec.name() != null) {
            if (spec.name().isBlank() || spec.name().length() > 200) {
                throw GovernanceException.invalid("name", "'name' must have 1 to 200 characters");
            }
            r.setName(spec.name().trim());
        }
        if (spec.scopeType() != null) {
            r.setScopeType(ScopeType.parse(spec.scopeType()));
            r.setScopeRef(spec.scopeRef());
        } else if (spec.scopeRef() != null) {
            r.setScopeRef(spec.scopeRef());
        }
        r.setScopeRef(checkScope(r.getWorkspaceId(), r.getScopeType(), r.getScopeRef()));
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
        if (spec.enabled() != null) {
            r.setEnabled(spec.enabled());
        }
    }

    private String checkScope(String workspaceId, ScopeType type, String ref) {
        String v = ref == null ? null : ref.trim();
        return switch (type) {
            case WORKSPACE -> null;
            case USER -> {
                if (v == null || v.isEmpty() || v.length() > 200) {
                    throw GovernanceException.invalid("scope_ref", "a user rate limit needs scope_ref: the user "
                            + "(from request metadata) or * for each user");
                }
                yield v;
            }
            case API_KEY -> {
                if (v == null || (!v.equals("*") && apiKeys.findById(v)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be an API key id of this "
                            + "workspace, or * for each API key");
                }
                yield v;
            }
            case VIRTUAL_KEY -> {
                if (v == null || (!v.equals("*") && virtualKeys.findById(v)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be a virtual key id of this "
                            + "workspace, or * for each virtual key");
                }
                yield v;
            }
        };
    }

    private RateLimit find(String id) {
        return limits.findById(id).orElseThrow(() -> GovernanceException.notFound("rate limit", id));
    }

    static RateLimitView view(RateLimit r) {
        return new RateLimitView(r.getId(), r.getWorkspaceId(), r.getName(), r.getScopeType().name().toLowerCase(),
                r.getScopeRef(), r.getMetric().name().toLowerCase(), r.getWindowUnit().name().toLowerCase(),
                r.getMaxValue(), r.isEnabled(), r.getCreatedAt(), r.getUpdatedAt());
    }
}
