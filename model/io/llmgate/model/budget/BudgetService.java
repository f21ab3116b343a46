package io.llmgate.model.budget;

import io.llmgate.model.governance.SnakeCaseJson;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

/** Budgets of a workspace: define, change, delete, and see what was spent. RBAC-checked and audited. */
@Service
public class BudgetService {

    @SnakeCaseJson
    public record BudgetView(String id, String workspaceId, String name, String scopeType, String scopeRef,
                             BigDecimal limitUsd, Long limitTokens, String period, String alignment, Instant anchorAt,
                             List<Integer> alertThresholds, boolean enabled, Instant createdAt, Instant updatedAt) {
    }

    /** Fields of a budget; on update, null leaves a field as it is. {@code resetPeriod} restarts a rolling period now. */
    @SnakeCaseJson
    public record BudgetSpec(String name, String scopeType, String scopeRef, BigDecimal limitUsd, Long limitTokens,
                             String period, String alignment, List<Integer> alertThresholds, Boolean enabled,
                             Boolean resetPeriod) {
    }

    private final BudgetRepository budgets;
    private final ApiKeyRepository apiKeys;
    private final VirtualKeyRepository virtualKeys;
    private final AccessPolicy access;
    private final AuditService audit;
    private final BudgetEnforcer enforcer;
    private final Clock clock;

    public BudgetService(BudgetRepository budgets, ApiKeyRepository apiKeys, VirtualKeyRepository virtualKeys,
                         AccessPolicy access, AuditService audit, BudgetEnforcer enforcer, Clock clock) {
        this.budgets = budgets;
        this.apiKeys = apiKeys;
        this.virtualKeys = virtualKeys;
        this.access = access;
        this.audit = audit;
        this.enforcer = enforcer;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<BudgetView> list(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, Permission.BUDGET_READ);
        return budgets.findByWorkspaceIdOrderByCreatedAt(workspaceId).stream().map(BudgetService::view).toList();
    }

    @Transactional(readOnly = true)
    public BudgetView get(Actor actor, String id) {
        Budget b = find(id);
        access.require(actor, b.getWorkspaceId(), Permission.BUDGET_READ);
        return view(b);
    }

    @Transactional(readOnly = true)
    public BudgetEnforcer.BudgetUsage usage(Actor actor, String id) {
        Budget b = find(id);
        access.require(actor, b.getWorkspaceId(), Permission.BUDGET_READ);
        return enforcer.usage(BudgetRule.of(b));
    }

    @Transactional
    public BudgetView create(Actor actor, String workspaceId, BudgetSpec spec) {
        access.require(actor, workspaceId, Permission.BUDGET_WRITE);
        Budget b = new Budget(Ids.newId("bud"), workspaceId, clock.instant());
        if (spec.name() == null || spec.scopeType() == null || spec.period() == null) {
            throw GovernanceException.invalid(spec.name() == null ? "name" : spec.scopeType() == null ? "scope_type"
                    : "period", "a budget needs name, scope_type and period");
        }
        apply(b, spec);
        budgets.save(b);
        BudgetView view = view(b);
        audit.record(actor, "budget.create", workspaceId, "budget", b.getId(), null, view, null);
        changed(workspaceId);
        return view;
    }

    @Transactional
    public BudgetView update(Actor actor, String id, BudgetSpec spec) {
        Budget b = find(id);
        access.require(actor, b.getWorkspaceId(), Permission.BUDGET_WRITE);
        BudgetView before = view(b);
        apply(b, spec);
        b.setUpdatedAt(clock.instant());
        budgets.saveAndFlush(b);
        BudgetView after = view(b);
        audit.record(actor, "budget.update", b.getWorkspaceId(), "budget", id, before, after, null);
        changed(b.getWorkspaceId());
        return after;
    }

    @Transactional
    public void delete(Actor actor, String id) {
        Budget b = find(id);
        access.require(actor, b.getWorkspaceId(), Permission.BUDGET_WRITE);
        BudgetView before = view(b);
        budgets.delete(b);
        audit.record(actor, "budget.delete", b.getWorkspaceId(), "budget", id, before, null, null);
        changed(b.getWorkspaceId());
    }

    private void changed(String workspaceId) {
        ChangeNotifier.afterCommit(() -> enforcer.invalidate(workspaceId));
    }

    private void apply(Budget b, BudgetSpec spec) {
        if (spec.name() != null) {
            if (spec.name().isBlank() || spec.name().length() > 200) {
                throw GovernanceException.invalid("name", "'name' must have 1 to 200 characters");
            }
            b.setName(spec.name().trim());
        }
        if (spec.scopeType() != null) {
            b.setScopeType(ScopeType.parse(spec.scopeType()));
            b.setScopeRef(spec.scopeRef() == null ? null : spec.scopeRef().trim());
        } else if (spec.scopeRef() != null) {
            b.setScopeRef(spec.scopeRef().trim());
        }
        b.setScopeRef(checkScope(b.getWorkspaceId(), b.getScopeType(), b.getScopeRef()));
        if (spec.limitUsd() != null) {
            if (spec.limitUsd().signum() < 0) {
                throw GovernanceException.invalid("limit_usd", "'limit_usd' must not be negative");
            }
            b.setLimitUsdNanos(Money.toNanos(spec.limitUsd()));
        }
        if (spec.limitTokens() != null) {
            if (spec.limitTokens() < 0) {
                throw GovernanceException.invalid("limit_tokens", "'limit_tokens' must not be negative");
            }
            b.setLimitTokens(spec.limitTokens());
        }
        if (b.getLimitUsdNanos() == null && b.getLimitTokens() == null) {
            throw GovernanceException.invalid("limit_usd", "a budget needs limit_usd, limit_tokens or both");
        }
        if (spec.period() != null) {
            b.setPeriod(BudgetPeriod.parse(spec.period()));
        }
        if (spec.alignment() != null || b.getAlignment() == null) {
            b.setAlignment(BudgetPeriod.parseAlignment(spec.alignment()));
        }
        if (spec.alertThresholds() != null) {
            TreeSet<Integer> t = new TreeSet<>();
            for (Integer pct : spec.alertThresholds()) {
                if (pct == null || pct < 1 || pct > 100) {
                    throw GovernanceException.invalid("alert_thresholds", "alert thresholds are percentages 1-100");
                }
                t.add(pct);
            }
            b.setAlertThresholds(t.isEmpty() ? null : t.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (spec.enabled() != null) {
            b.setEnabled(spec.enabled());
        }
        if (Boolean.TRUE.equals(spec.resetPeriod())) {
            b.setAnchorAt(clock.instant());
        }
    }

    private String checkScope(String workspaceId, ScopeType type, String ref) {
        switch (type) {
            case WORKSPACE:
                return null;
            case USER:
                if (ref == null || ref.isBlank() || ref.length() > 200) {
                    throw GovernanceException.invalid("scope_ref", "a user budget needs scope_ref: the user "
                            + "(from request metadata) or * for each user");
                }
                return ref;
            case API_KEY:
                if (ref == null || (!ref.equals("*") && apiKeys.findById(ref)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be an API key id of this "
                            + "workspace, or * for each API key");
                }
                return ref;
            case VIRTUAL_KEY:
                if (ref == null || (!ref.equals("*") && virtualKeys.findById(ref)
                        .filter(k -> k.getWorkspaceId().equals(workspaceId)).isEmpty())) {
                    throw GovernanceException.invalid("scope_ref", "scope_ref must be a virtual key id of this "
                            + "workspace, or * for each virtual key");
                }
                return ref;
            default:
                throw new IllegalStateException();
        }
    }

    private Budget find(String id) {
        return budgets.findById(id).orElseThrow(() -> GovernanceException.notFound("budget", id));
    }

    static List<Integer> thresholds(String csv) {
        List<Integer> out = new ArrayList<>();
        if (csv != null && !csv.isBlank()) {
            for (String s : csv.split(",")) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return List.copyOf(out);
    }

    static BudgetView view(Budget b) {
        return new BudgetView(b.getId(), b.getWorkspaceId(), b.getName(), b.getScopeType().name().toLowerCase(),
                b.getScopeRef(), b.getLimitUsdNanos() == null ? null : Money.toUsd(b.getLimitUsdNanos()),
                b.getLimitTokens(), b.getPeriod().name().toLowerCase(), b.getAlignment().name().toLowerCase(),
                b.getAnchorAt(), thresholds(b.getAlertThresholds()), b.isEnabled(), b.getCreatedAt(),
                b.getUpdatedAt());
    }
}
