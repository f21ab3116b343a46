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
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.ScopedLimitService;
import io.llmgate.model.governance.VirtualKeyRepository;

/** Budgets of a workspace: define, change, delete, and see what was spent. RBAC-checked and audited. */
@Service
public class BudgetService extends ScopedLimitService<Budget, BudgetService.BudgetView, BudgetService.BudgetSpec> {

    @SnakeCaseJson
    public record BudgetView(String id, String workspaceId, String name, String scopeType, String scopeRef,
                             BigDecimal limitUsd, Long limitTokens, String period, String alignment, Instant anchorAt,
                             List<Integer> alertThresholds, boolean enabled, Instant createdAt, Instant updatedAt) {
    }

    /** Fields of a budget; on update, null leaves a field as it is. {@code resetPeriod} restarts a rolling period now. */
    @SnakeCaseJson
    public record BudgetSpec(String name, String scopeType, String scopeRef, BigDecimal limitUsd, Long limitTokens,
                             String period, String alignment, List<Integer> alertThresholds, Boolean enabled,
                             Boolean resetPeriod) implements ScopedLimitService.Spec {
    }

    private final BudgetEnforcer enforcer;

    public BudgetService(BudgetRepository budgets, ApiKeyRepository apiKeys, VirtualKeyRepository virtualKeys,
                         AccessPolicy access, AuditService audit, BudgetEnforcer enforcer, Clock clock) {
        super(new Kind(Permission.BUDGET_READ, Permission.BUDGET_WRITE, "budget", "budget"), "bud", Budget::new,
                budgets, apiKeys,
                virtualKeys, access, audit, clock);
        this.enforcer = enforcer;
    }

    @Transactional(readOnly = true)
    public BudgetEnforcer.BudgetUsage usage(Actor actor, String id) {
        return enforcer.usage(BudgetRule.of(readable(actor, id)));
    }

    @Override
    protected void requireComplete(BudgetSpec spec) {
        if (spec.name() == null || spec.scopeType() == null || spec.period() == null) {
            throw GovernanceException.invalid(spec.name() == null ? "name" : spec.scopeType() == null ? "scope_type"
                    : "period", "a budget needs name, scope_type and period");
        }
    }

    @Override
    protected void invalidate(String workspaceId) {
        enforcer.invalidate(workspaceId);
    }

    @Override
    protected void applyFields(Budget b, BudgetSpec spec) {
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
        if (Boolean.TRUE.equals(spec.resetPeriod())) {
            b.setAnchorAt(clock.instant());
        }
    }

    @Override
    protected BudgetView view(Budget b) {
        return toView(b);
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

    static BudgetView toView(Budget b) {
        return new BudgetView(b.getId(), b.getWorkspaceId(), b.getName(), b.getScopeType().name().toLowerCase(),
                b.getScopeRef(), b.getLimitUsdNanos() == null ? null : Money.toUsd(b.getLimitUsdNanos()),
                b.getLimitTokens(), b.getPeriod().name().toLowerCase(), b.getAlignment().name().toLowerCase(),
                b.getAnchorAt(), thresholds(b.getAlertThresholds()), b.isEnabled(), b.getCreatedAt(),
                b.getUpdatedAt());
    }
}
