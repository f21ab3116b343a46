package io.llmgate.console.api;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.routes.routing.TargetHealth;

/**
 * Circuit breaker state per target, and manual open/close for ops. The list is scoped like the logs: a workspace
 * ({@code workspace_id}) sees the breakers of its virtual keys, organisation admins see every breaker.
 */
@RestController
@RequestMapping("/admin/api/circuit-breakers")
public class CircuitBreakerController {

    private final TargetHealth health;
    private final ScopedBreakers scoped;
    private final AdminActors actors;
    private final AccessPolicy access;
    private final AuditService audit;

    public CircuitBreakerController(TargetHealth health, ScopedBreakers scoped, AdminActors actors,
                                    AccessPolicy access, AuditService audit) {
        this.health = health;
        this.scoped = scoped;
        this.actors = actors;
        this.access = access;
        this.audit = audit;
    }

    /**
     * @param latencyMillis       moving average of successful calls' time to first byte, -1 before the first one
     * @param consecutiveFailures failures since the last success
     */
    public record BreakerView(String target, String state, float failureRate, float slowCallRate, int bufferedCalls,
                              int failedCalls, long notPermittedCalls, int inFlight, double latencyMillis,
                              int consecutiveFailures, java.time.Instant lastFailureAt) {
    }

    @GetMapping
    public ApiList<BreakerView> list(@AdminScopes.Needs(Permission.VIRTUAL_KEY_READ) WorkspaceScope scope,
                                     HttpServletRequest http) {
        return ApiList.of(scoped.visible(actors.current(http), scope).stream().map(this::view).toList());
    }

    /** {@code action}: open, close (forced states), or reset (back to closed, automatic). */
    @PostMapping("/state")
    public BreakerView change(@RequestParam String target, @RequestParam String action, HttpServletRequest http) {
        Actor actor = actors.current(http);
        // breakers are shared by every workspace that uses the target
        access.requireOrgAdmin(actor, "open or close circuit breakers");
        CircuitBreaker b = health.breaker(target)
                .orElseThrow(() -> new GovernanceException(GovernanceException.Kind.NOT_FOUND, "not_found", "target",
                        "no circuit breaker for target '" + target + "'"));
        switch (action) {
            case "open" -> b.transitionToForcedOpenState();
            case "close" -> b.transitionToClosedState();
            case "reset" -> b.reset();
            default -> throw new GovernanceException(GovernanceException.Kind.INVALID, "invalid_request", "action",
                    "action: must be open, close or reset");
        }
        audit.record(actor, "circuit_breaker." + action, null, "target", target, null, b.getState().name(), null);
        return view(b);
    }

    private BreakerView view(CircuitBreaker b) {
        CircuitBreaker.Metrics m = b.getMetrics();
        TargetHealth.Stats stats = health.stats(b.getName());
        return new BreakerView(b.getName(), b.getState().name(), m.getFailureRate(), m.getSlowCallRate(),
                m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls(),
                stats.inFlight(), stats.latencyMillis(), stats.consecutiveFailures(), stats.lastFailureAt());
    }
}
