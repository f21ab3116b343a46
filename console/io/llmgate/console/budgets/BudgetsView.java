package io.llmgate.console.budgets;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.ui.Dialogs;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.Forms;
import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.budget.BudgetService;
import io.llmgate.model.budget.BudgetService.BudgetSpec;
import io.llmgate.model.budget.BudgetService.BudgetView;
import io.llmgate.model.governance.ApiKeyService;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.ratelimit.RateLimitService;
import io.llmgate.model.ratelimit.RateLimitService.RateLimitSpec;
import io.llmgate.model.ratelimit.RateLimitService.RateLimitView;

/** Budgets (USD and/or tokens per period) with spend against the limit, and rate limits, per scope. */
@Route(value = "budgets", layout = MainLayout.class)
@PageTitle("Budgets & limits · llmgate")
@PermitAll
public class BudgetsView extends VerticalLayout {

    static final List<String> SCOPES = List.of("workspace", "api_key", "virtual_key", "user");

    private final BudgetService budgets;
    private final RateLimitService limits;
    private final CurrentUser user;
    private final String workspaceId;
    private final boolean canWriteBudgets;
    private final boolean canWriteLimits;
    private final Grid<BudgetView> budgetGrid = new Grid<>();
    private final Grid<RateLimitView> limitGrid = new Grid<>();
    private final Map<String, String> apiKeyNames = new LinkedHashMap<>();
    private final Map<String, String> virtualKeyNames = new LinkedHashMap<>();

    static final class BudgetForm {
        String name;
        String scopeType;
        String scopeRef;
        BigDecimal limitUsd;
        Integer limitTokens;
        String period;
    }

    static final class LimitForm {
        String name;
        String scopeType;
        String scopeRef;
        String metric;
        String window;
        Integer limit;
    }

    public BudgetsView(BudgetService budgets, RateLimitService limits, CurrentUser user, WorkspaceContext workspaces,
                       ApiKeyService apiKeys, VirtualKeyService virtualKeys) {
        this.budgets = budgets;
        this.limits = limits;
        this.user = user;
        this.workspaceId = workspaces.currentId();
        if (workspaceId != null) {
            // scopes are stored as ids: the grids and the scope picker show names
            apiKeys.list(user.actor(), workspaceId).forEach(k -> apiKeyNames.put(k.id(), k.name()));
            virtualKeys.list(user.actor(), workspaceId).forEach(k -> virtualKeyNames.put(k.id(), k.name()));
        }
        this.canWriteBudgets = user.can(workspaceId, Permission.BUDGET_WRITE);
        this.canWriteLimits = user.can(workspaceId, Permission.RATE_LIMIT_WRITE);
        setId("budgets-view");

        Button newBudget = new Button("New budget", VaadinIcon.PLUS.create(), e -> openBudget());
        newBudget.setId("budget-new");
        newBudget.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newBudget.setEnabled(canWriteBudgets);
        budgetGrid.setId("budget-grid");
        budgetGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        // text columns keep their full width (no flex shrink) and show the full text as a tooltip too
        budgetGrid.addColumn(BudgetView::name).setHeader("Name").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(BudgetView::name);
        budgetGrid.addColumn(b -> scope(b.scopeType(), b.scopeRef())).setHeader("Scope").setAutoWidth(true)
                .setFlexGrow(0).setTooltipGenerator(b -> b.scopeType() + " " + Format.text(b.scopeRef()));
        budgetGrid.addColumn(b -> b.period() + " (" + b.alignment() + ")").setHeader("Period").setAutoWidth(true)
                .setFlexGrow(0);
        budgetGrid.addColumn(BudgetsView::limit).setHeader("Limit").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(BudgetsView::limit);
        budgetGrid.addComponentColumn(this::spend).setHeader("Spent / held this period").setFlexGrow(1)
                .setWidth("300px");
        budgetGrid.addColumn(b -> b.enabled() ? "enabled" : "disabled").setHeader("State").setAutoWidth(true)
                .setFlexGrow(0);
        budgetGrid.addComponentColumn(this::budgetActions).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        budgetGrid.setAllRowsVisible(true);

        Button newLimit = new Button("New rate limit", VaadinIcon.PLUS.create(), e -> openLimit());
        newLimit.setId("ratelimit-new");
        newLimit.setEnabled(canWriteLimits);
        limitGrid.setId("ratelimit-grid");
        limitGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        limitGrid.addColumn(RateLimitView::name).setHeader("Name").setAutoWidth(true);
        limitGrid.addColumn(r -> scope(r.scopeType(), r.scopeRef())).setHeader("Scope").setAutoWidth(true)
                .setTooltipGenerator(r -> r.scopeType() + " " + Format.text(r.scopeRef()));
        limitGrid.addColumn(r -> r.limit() + " " + r.metric() + " / " + r.window()).setHeader("Limit")
                .setAutoWidth(true);
        limitGrid.addColumn(r -> r.enabled() ? "enabled" : "disabled").setHeader("State").setAutoWidth(true);
        limitGrid.addComponentColumn(r -> {
            Button delete = new Button(VaadinIcon.TRASH.create(), e -> Dialogs.confirm("Delete " + r.name() + "?",
                    "Requests are no longer limited by it.", "Delete", () -> {
                        if (Forms.attempt(() -> limits.delete(user.actor(), r.id()))) {
                            refresh();
                        }
                    }));
            delete.setAriaLabel("Delete");
            delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            delete.setEnabled(canWriteLimits);
            return delete;
        }).setHeader("Actions").setAutoWidth(true);
        limitGrid.setAllRowsVisible(true);

        HorizontalLayout bar = new HorizontalLayout(new H2("Budgets"), newBudget);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        HorizontalLayout bar2 = new HorizontalLayout(new H3("Rate limits"), newLimit);
        bar2.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Span help = new Span("A request that would go over a budget is refused with 429 budget_exceeded; over a rate "
                + "limit with 429 rate_limit_exceeded." + (canWriteBudgets ? ""
                : " Your role lets you see budgets and limits but not change them."));
        help.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(bar, help, budgetGrid, bar2, limitGrid);
        refresh();
    }

    private void refresh() {
        budgetGrid.setItems(workspaceId == null ? List.of() : budgets.list(user.actor(), workspaceId));
        limitGrid.setItems(workspaceId == null ? List.of() : limits.list(user.actor(), workspaceId));
    }

    private static String limit(BudgetView b) {
        return (b.limitUsd() == null ? "" : Format.usd(b.limitUsd()))
                + (b.limitTokens() == null ? "" : (b.limitUsd() == null ? "" : " / ") + b.limitTokens() + " tokens");
    }

    /** A scope in words: "API key support bot (…3f9a2c)", "each virtual key", "user alice", "workspace". */
    String scope(String type, String ref) {
        String kind = switch (type) {
            case "api_key" -> "API key";
            case "virtual_key" -> "virtual key";
            case "user" -> "user";
            default -> type;
        };
        if (ref == null || ref.isBlank()) {
            return kind;
        }
        return "*".equals(ref) ? "each " + kind : kind + " " + refLabel(type, ref);
    }

    /** A key by name (with the end of its id), a user as written. */
    private String refLabel(String type, String ref) {
        return switch (type) {
            case "api_key" -> Format.named(apiKeyNames.get(ref), ref);
            case "virtual_key" -> Format.named(virtualKeyNames.get(ref), ref);
            default -> ref;
        };
    }

    /**
     * Spent and held (by requests in flight) against the limit, as two segments of one bar and in words, for the
     * subject closest to its limit (per-key/user budgets): a refusal while the spend looks low is the hold.
     */
    private Component spend(BudgetView b) {
        BudgetEnforcer.BudgetUsage usage = budgets.usage(user.actor(), b.id());
        boolean usd = b.limitUsd() != null && b.limitUsd().signum() > 0;
        double limit = usd ? b.limitUsd().doubleValue() : b.limitTokens() != null ? b.limitTokens() : 0;
        double spent = 0;
        double held = 0;
        for (BudgetEnforcer.SubjectUsage s : usage.subjects()) {
            double sp = usd ? number(s.spentUsd()) : s.spentTokens();
            double h = usd ? number(s.reservedUsd()) : s.reservedTokens();
            if (sp + h > spent + held) {
                spent = sp;
                held = h;
            }
        }
        double spentFraction = limit > 0 ? spent / limit : 0;
        double heldFraction = limit > 0 ? held / limit : 0;
        double fraction = spentFraction + heldFraction;
        Div spentPart = segment(Math.min(1, spentFraction), fraction >= 1 ? "var(--lumo-error-color)"
                : spentFraction >= 0.8 ? "var(--lumo-contrast-70pct)" : "var(--lumo-primary-color)");
        Div heldPart = segment(Math.max(0, Math.min(1 - Math.min(1, spentFraction), heldFraction)),
                "var(--lumo-primary-color-50pct)");
        heldPart.getStyle().set("background-image", "repeating-linear-gradient(45deg, transparent 0 4px, "
                + "var(--lumo-base-color) 4px 6px)");
        Div bar = new Div(spentPart, heldPart);
        bar.setId("budget-bar-" + b.name());
        bar.getStyle().set("display", "flex").set("height", "8px").set("border-radius", "4px")
                .set("overflow", "hidden").set("background", "var(--lumo-contrast-10pct)");
        String text = usd
                ? Format.usd(spent) + " spent · " + Format.usd(held) + " held · " + Format.usd(b.limitUsd()) + " limit"
                : Math.round(spent) + " spent · " + Math.round(held) + " held · " + b.limitTokens() + " tokens limit";
        Span words = new Span(text + String.format(" (%.0f %%)", fraction * 100));
        words.setId("budget-spent-" + b.name());
        words.addClassNames(LumoUtility.FontSize.XSMALL);
        if (fraction >= 1) {
            words.addClassNames(LumoUtility.TextColor.ERROR);
        }
        words.getElement().setAttribute("title", "held: the most that requests in flight may still cost");
        Div d = new Div(bar, words);
        d.setWidthFull();
        return d;
    }

    private static Div segment(double fraction, String color) {
        Div d = new Div();
        d.getStyle().set("width", String.format(java.util.Locale.ROOT, "%.2f%%", fraction * 100))
                .set("background-color", color);
        return d;
    }

    private static double number(BigDecimal v) {
        return v == null ? 0 : v.doubleValue();
    }

    private HorizontalLayout budgetActions(BudgetView b) {
        Button toggle = new Button(b.enabled() ? "Disable" : "Enable", e -> {
            if (Forms.attempt(() -> budgets.update(user.actor(), b.id(), new BudgetSpec(null, null, null, null, null,
                    null, null, null, !b.enabled(), null)))) {
                refresh();
            }
        });
        Button reset = new Button("Restart period", e -> Dialogs.confirm("Restart " + b.name() + "?",
                "Spend starts again from zero now (rolling periods from now on).", "Restart", () -> {
                    if (Forms.attempt(() -> budgets.update(user.actor(), b.id(), new BudgetSpec(null, null, null,
                            null, null, null, "rolling", null, null, true)))) {
                        refresh();
                    }
                }));
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> Dialogs.confirm("Delete " + b.name() + "?",
                "Requests are no longer limited by it.", "Delete", () -> {
                    if (Forms.attempt(() -> budgets.delete(user.actor(), b.id()))) {
                        refresh();
                    }
                }));
        delete.setAriaLabel("Delete");
        for (Button x : new Button[] {toggle, reset, delete}) {
            x.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            x.setEnabled(canWriteBudgets);
        }
        return new HorizontalLayout(toggle, reset, delete);
    }

    private static Select<String> scopeSelect(String id) {
        Select<String> s = new Select<>();
        s.setId(id);
        s.setLabel("Scope");
        s.setItems(SCOPES);
        s.setValue("workspace");
        return s;
    }

    /**
     * What the scope applies to, picked by name: the workspace's API keys or virtual keys, or * for each one
     * separately; end users (from request metadata) are typed. A pasted id is kept as typed (the service checks it).
     */
    private ComboBox<String> scopePicker(String id, Select<String> scope) {
        ComboBox<String> ref = new ComboBox<>("Applies to");
        ref.setId(id);
        ref.setAllowCustomValue(true);
        ref.setClearButtonVisible(true);
        ref.setWidth("22em");
        List<String> items = new java.util.ArrayList<>();
        ref.setItemLabelGenerator(v -> "*".equals(v) ? "* (each one separately)" : refLabel(scope.getValue(), v));
        Runnable fill = () -> {
            items.clear();
            String type = scope.getValue();
            if (!"workspace".equals(type)) {
                items.add("*");
            }
            if ("api_key".equals(type)) {
                items.addAll(apiKeyNames.keySet());
            } else if ("virtual_key".equals(type)) {
                items.addAll(virtualKeyNames.keySet());
            }
            ref.clear();
            ref.setItems(items);
            ref.setEnabled(!"workspace".equals(type));
            ref.setHelperText(switch (type == null ? "workspace" : type) {
                case "api_key" -> "An API key of this workspace, or * for each key";
                case "virtual_key" -> "A virtual key of this workspace, or * for each key";
                case "user" -> "An end user (request metadata _user), or * for each user";
                default -> "The whole workspace";
            });
        };
        ref.addCustomValueSetListener(e -> {
            String v = e.getDetail().trim();
            if (!v.isEmpty() && !items.contains(v)) {
                items.add(v);
                ref.setItems(items);
            }
            ref.setValue(v.isEmpty() ? null : v);
        });
        scope.addValueChangeListener(e -> fill.run());
        fill.run();
        return ref;
    }

    private void openBudget() {
        TextField name = new TextField("Name");
        name.setId("budget-name");
        Select<String> scope = scopeSelect("budget-scope");
        ComboBox<String> scopeRef = scopePicker("budget-scope-ref", scope);
        BigDecimalField usd = new BigDecimalField("Limit (USD)");
        usd.setId("budget-usd");
        IntegerField tokens = new IntegerField("Limit (tokens)");
        tokens.setId("budget-tokens");
        Select<String> period = new Select<>();
        period.setId("budget-period");
        period.setLabel("Period");
        period.setItems("day", "week", "month", "total");
        period.setValue("month");
        Binder<BudgetForm> binder = new Binder<>();
        binder.forField(name).asRequired("Give the budget a name").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(scope).asRequired().bind(f -> f.scopeType, (f, v) -> f.scopeType = v);
        binder.forField(scopeRef).withValidator(v -> "workspace".equals(scope.getValue()) || (v != null
                && !v.isBlank()), "Needed for this scope: an id, a user, or *").bind(f -> f.scopeRef,
                (f, v) -> f.scopeRef = v);
        binder.forField(usd).withValidator(v -> v == null || v.signum() >= 0, "Must not be negative")
                .withValidator(v -> v != null || tokens.getValue() != null, "Set a USD limit, a token limit or both")
                .bind(f -> f.limitUsd, (f, v) -> f.limitUsd = v);
        binder.forField(tokens).withValidator(v -> v == null || v >= 0, "Must not be negative")
                .bind(f -> f.limitTokens, (f, v) -> f.limitTokens = v);
        binder.forField(period).asRequired().bind(f -> f.period, (f, v) -> f.period = v);
        Forms errors = new Forms().field("name", name).field("scope_type", scope).field("scope_ref", scopeRef)
                .field("limit_usd", usd).field("limit_tokens", tokens).field("period", period);
        Dialog[] dialog = new Dialog[1];
        dialog[0] = Dialogs.form("New budget", "budget-save", () -> {
            BudgetForm f = new BudgetForm();
            if (!binder.writeBeanIfValid(f)) {
                return;
            }
            BudgetView created = errors.save(() -> budgets.create(user.actor(), workspaceId, new BudgetSpec(
                    f.name.trim(), f.scopeType, "workspace".equals(f.scopeType) || f.scopeRef == null ? null
                    : f.scopeRef.trim(), f.limitUsd, f.limitTokens == null ? null : f.limitTokens.longValue(),
                    f.period, null, List.of(80, 100), true, null)));
            if (created != null) {
                dialog[0].close();
                Forms.success("Budget " + created.name() + " saved");
                refresh();
            }
        }, name, scope, scopeRef, usd, tokens, period);
        dialog[0].open();
    }

    private void openLimit() {
        TextField name = new TextField("Name");
        name.setId("ratelimit-name");
        Select<String> scope = scopeSelect("ratelimit-scope");
        ComboBox<String> scopeRef = scopePicker("ratelimit-scope-ref", scope);
        Select<String> metric = new Select<>();
        metric.setId("ratelimit-metric");
        metric.setLabel("Counts");
        metric.setItems("requests", "tokens");
        metric.setValue("requests");
        Select<String> window = new Select<>();
        window.setId("ratelimit-window");
        window.setLabel("Per");
        window.setItems("minute", "hour");
        window.setValue("minute");
        IntegerField limit = new IntegerField("Limit");
        limit.setId("ratelimit-limit");
        limit.setMin(1);
        Binder<LimitForm> binder = new Binder<>();
        binder.forField(name).asRequired("Give the limit a name").bind(f -> f.name, (f, v) -> f.name = v);
        binder.forField(scope).asRequired().bind(f -> f.scopeType, (f, v) -> f.scopeType = v);
        binder.forField(scopeRef).withValidator(v -> "workspace".equals(scope.getValue()) || (v != null
                && !v.isBlank()), "Needed for this scope: an id, a user, or *").bind(f -> f.scopeRef,
                (f, v) -> f.scopeRef = v);
        binder.forField(metric).asRequired().bind(f -> f.metric, (f, v) -> f.metric = v);
        binder.forField(window).asRequired().bind(f -> f.window, (f, v) -> f.window = v);
        binder.forField(limit).asRequired("Set the limit").withValidator(v -> v >= 1, "At least 1")
                .bind(f -> f.limit, (f, v) -> f.limit = v);
        Forms errors = new Forms().field("name", name).field("scope_type", scope).field("scope_ref", scopeRef)
                .field("metric", metric).field("window", window).field("limit", limit);
        Dialog[] dialog = new Dialog[1];
        dialog[0] = Dialogs.form("New rate limit", "ratelimit-save", () -> {
            LimitForm f = new LimitForm();
            if (!binder.writeBeanIfValid(f)) {
                return;
            }
            RateLimitView created = errors.save(() -> limits.create(user.actor(), workspaceId, new RateLimitSpec(
                    f.name.trim(), f.scopeType, "workspace".equals(f.scopeType) ? null : f.scopeRef.trim(), f.metric,
                    f.window, f.limit.longValue(), true)));
            if (created != null) {
                dialog[0].close();
                refresh();
            }
        }, name, scope, scopeRef, metric, window, limit);
        dialog[0].open();
    }
}
