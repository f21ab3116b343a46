package io.llmgate.console.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.ui.Cells;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.governance.WorkspaceService;
import io.llmgate.model.logs.LogQueryService;
import io.llmgate.console.api.ScopedBreakers;
import io.llmgate.routes.routing.TargetHealth;

/**
 * Circuit breaker state per routing target (with manual open/close for organisation admins) and each provider's
 * error rate and latency over the last hour, from the request log. Organisation admins see every target; others
 * see those of the selected workspace (its virtual keys, its requests), like the admin API.
 */
@Route(value = "providers", layout = MainLayout.class) // /health is the actuator health endpoint
@PageTitle("Providers & health · llmgate")
@PermitAll
public class HealthView extends VerticalLayout {

    /** @param target the breaker's key (provider|host|credential); label is the same in names */
    record BreakerRow(String target, String label, String state, float failureRate, int buffered, int failed,
                      long notPermitted, int inFlight, double latency, int consecutiveFailures, Instant lastFailure) {
    }

    private final TargetHealth health;
    private final ScopedBreakers scopedBreakers;
    private final WorkspaceContext workspaces;
    private final CurrentUser user;
    private final LogQueryService logs;
    private final boolean canChange;
    private final Clock clock;
    private final Grid<BreakerRow> breakers = new Grid<>();
    private final Grid<Map<String, Object>> providers = new Grid<>();
    private final Map<String, String> virtualKeyNames = new java.util.HashMap<>();
    private final Map<String, String> virtualKeyProviders = new java.util.HashMap<>();

    public HealthView(TargetHealth health, ScopedBreakers scopedBreakers, WorkspaceContext workspaces,
                      LogQueryService logs, CurrentUser user, ObjectProvider<Clock> clock,
                      WorkspaceService workspaceService, VirtualKeyService virtualKeys) {
        this.health = health;
        this.scopedBreakers = scopedBreakers;
        this.workspaces = workspaces;
        this.user = user;
        this.logs = logs;
        this.canChange = user.orgAdmin();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        // breaker keys name virtual keys by id: show the names of those the user may see
        for (WorkspaceService.WorkspaceView w : workspaceService.list(user.actor())) {
            try {
                virtualKeys.list(user.actor(), w.id()).forEach(v -> {
                    virtualKeyNames.put(v.id(), v.name());
                    virtualKeyProviders.put(v.id(), v.provider());
                });
            } catch (RuntimeException notAllowed) {
                // a workspace whose keys this user may not list keeps showing ids
            }
        }
        setId("health-view");
        Button reload = new Button("Refresh", e -> refresh());
        reload.setId("health-refresh");
        HorizontalLayout bar = new HorizontalLayout(new H2("Providers & health"), reload);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Span help = new Span("Breakers open after repeated failures of a target and close again after a healthy "
                + "probe. Forcing one open takes the target out of routing until it is closed."
                + (canChange ? "" : " Only organisation admins may force breakers."));
        help.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);

        breakers.setId("breaker-grid");
        breakers.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        breakers.addColumn(BreakerRow::label).setHeader("Target").setAutoWidth(true)
                .setTooltipGenerator(BreakerRow::target);
        breakers.addColumn(BreakerRow::state).setHeader("State").setAutoWidth(true);
        breakers.addComponentColumn(b -> Cells.flagged(b.consecutiveFailures() == 0 ? "ok" : "failing ("
                + b.consecutiveFailures() + " in a row, last " + Format.time(b.lastFailure()) + ")",
                b.consecutiveFailures() > 0)).setHeader("Last calls").setAutoWidth(true);
        breakers.addColumn(b -> b.failureRate() < 0 ? "—" : String.format("%.0f %%", b.failureRate()))
                .setHeader("Failure rate").setAutoWidth(true);
        breakers.addColumn(b -> b.failed() + " / " + b.buffered()).setHeader("Failed / recent calls").setAutoWidth(true);
        breakers.addColumn(BreakerRow::notPermitted).setHeader("Skipped").setAutoWidth(true);
        breakers.addColumn(BreakerRow::inFlight).setHeader("In flight").setAutoWidth(true);
        // successful calls only: a failure is not a latency (it shows in the columns above)
        breakers.addColumn(b -> b.latency() < 0 ? "—" : Format.ms(b.latency())).setHeader("Latency (EWMA, successes)")
                .setAutoWidth(true);
        breakers.addComponentColumn(b -> {
            Button open = new Button("Open", e -> change(b.target(), "open"));
            Button close = new Button("Close", e -> change(b.target(), "close"));
            Button reset = new Button("Reset", e -> change(b.target(), "reset"));
            for (Button x : new Button[] {open, close, reset}) {
                x.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                x.setEnabled(canChange);
            }
            return new HorizontalLayout(open, close, reset);
        }).setHeader("Manual").setAutoWidth(true);
        breakers.setAllRowsVisible(true);

        providers.setId("provider-stats-grid");
        providers.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        providers.addColumn(p -> Format.text(p.get("provider"))).setHeader("Provider").setAutoWidth(true);
        providers.addColumn(p -> stat(p, "requests", "count")).setHeader("Requests").setAutoWidth(true);
        providers.addColumn(p -> percent(p, "requests")).setHeader("Request error rate").setAutoWidth(true);
        providers.addColumn(p -> percent(p, "attempts")).setHeader("Attempt error rate").setAutoWidth(true);
        providers.addColumn(p -> Format.ms(sub(p, "requests").get("latency_p50_ms"))).setHeader("p50").setAutoWidth(true);
        providers.addColumn(p -> Format.ms(sub(p, "requests").get("latency_p95_ms"))).setHeader("p95").setAutoWidth(true);
        providers.addColumn(p -> Format.ms(sub(p, "requests").get("latency_p99_ms"))).setHeader("p99").setAutoWidth(true);
        providers.addColumn(p -> Format.text(p.get("errors_by_type"))).setHeader("Errors by type").setAutoWidth(true);
        providers.setAllRowsVisible(true);
        add(bar, help, new H3("Circuit breakers"), breakers, new H3("Providers, last hour"), providers);
        refresh();
    }

    private void refresh() {
        WorkspaceScope scope = workspaces.logScope(true).orElse(null);
        if (scope == null) {
            breakers.setItems(List.of());
            providers.setItems(List.of());
            return;
        }
        breakers.setItems(scopedBreakers.visible(user.actor(), scope).stream().map(this::row).toList());
        Instant now = clock.instant();
        List<Map<String, Object>> stats = logs.providerStats(scope, now.minus(Duration.ofHours(1)),
                now.plusSeconds(1));
        providers.setItems(stats);
    }

    private BreakerRow row(CircuitBreaker b) {
        CircuitBreaker.Metrics m = b.getMetrics();
        TargetHealth.Stats s = health.stats(b.getName());
        return new BreakerRow(b.getName(), label(b.getName()), b.getState().name(), m.getFailureRate(),
                m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls(),
                s.inFlight(), s.latencyMillis(), s.consecutiveFailures(), s.lastFailureAt());
    }

    /** "openai · virtual key primary-openai" for the key "openai|default|vk:vk_…" (provider|host|credential). */
    String label(String key) {
        String[] p = key.split("\\|", 3);
        if (p.length < 3) {
            return key;
        }
        String vk = p[2].startsWith("vk:") ? p[2].substring(3) : null;
        // a target that names only its virtual key has the key's provider
        String provider = "null".equals(p[0]) && vk != null ? virtualKeyProviders.getOrDefault(vk, "?") : p[0];
        StringBuilder label = new StringBuilder(provider);
        if (!"default".equals(p[1])) {
            label.append(" · ").append(p[1]);
        }
        if (vk != null) {
            label.append(" · virtual key ").append(Format.named(virtualKeyNames.get(vk), vk));
        } else if (p[2].startsWith("key:")) {
            label.append(" · inline api_key");
        }
        return label.toString();
    }

    private void change(String target, String action) {
        if (!canChange) {
            Forms.error("Only organisation admins may force breakers");
            return;
        }
        health.breaker(target).ifPresent(b -> {
            switch (action) {
                case "open" -> b.transitionToForcedOpenState();
                case "close" -> b.transitionToClosedState();
                default -> b.reset();
            }
        });
        Forms.success("Breaker of " + target + ": " + action);
        refresh();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String stat(Map<String, Object> p, String key, String field) {
        return Format.text(sub(p, key).get(field));
    }

    private static String percent(Map<String, Object> p, String key) {
        Object rate = sub(p, key).get("error_rate");
        return rate instanceof Number n ? String.format("%.1f %%", n.doubleValue() * 100) : "—";
    }
}
