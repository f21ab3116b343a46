package io.llmgate.console.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.console.ui.Cells;
import io.llmgate.console.ui.Format;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.routing.GovernedRoutingConfigs;

/**
 * The request log: filter by time range, status, provider, model, API key and metadata; newest first, loaded a
 * page at a time. Selecting a request opens its detail with every attempt, timings, tokens, cost and, when
 * bodies are stored ({@code gateway.logs.bodies.enabled}), the request and response.
 */
@Route(value = "logs", layout = MainLayout.class)
@PageTitle("Request logs · llmgate")
@PermitAll
public class LogsView extends VerticalLayout {

    private final LogQueryService logs;
    private final WorkspaceContext workspaces;

    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final IntegerField status = new IntegerField("Status");
    private final Checkbox errorsOnly = new Checkbox("Errors only");
    private final TextField provider = new TextField("Provider");
    private final TextField model = new TextField("Model");
    private final TextField apiKey = new TextField("API key id");
    private final TextField metadata = new TextField("Metadata");
    private final Checkbox allWorkspaces = new Checkbox("All workspaces");
    private final Grid<Map<String, Object>> grid = new Grid<>();
    private final VerticalLayout detail = new VerticalLayout();
    private final Map<String, String> configNames = new java.util.HashMap<>();
    private LogFilter filter;
    private WorkspaceScope scope;

    public LogsView(LogQueryService logs, WorkspaceContext workspaces, CurrentUser user,
                    GovernedRoutingConfigs configs) {
        this.logs = logs;
        this.workspaces = workspaces;
        if (workspaces.currentId() != null) {
            configs.list(user.actor(), workspaces.currentId()).forEach(c -> configNames.put(c.getId(), c.getName()));
        }
        setId("logs-view");
        setSizeFull();
        from.setId("logs-from");
        to.setId("logs-to");
        status.setId("logs-status");
        status.setMin(100);
        status.setMax(599);
        status.setWidth("90px");
        errorsOnly.setId("logs-errors");
        provider.setId("logs-provider");
        model.setId("logs-model");
        apiKey.setId("logs-api-key");
        metadata.setId("logs-metadata");
        metadata.setPlaceholder("key=value, key2=value2");
        allWorkspaces.setVisible(user.orgAdmin());
        Button search = new Button("Search", VaadinIcon.SEARCH.create(), e -> search());
        search.setId("logs-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        Button clear = new Button("Clear", e -> {
            from.clear();
            to.clear();
            status.clear();
            errorsOnly.clear();
            provider.clear();
            model.clear();
            apiKey.clear();
            metadata.clear();
            search();
        });
        FlexLayout filters = new FlexLayout(from, to, status, provider, model, apiKey, metadata, errorsOnly,
                allWorkspaces, search, clear);
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        filters.setAlignItems(Alignment.BASELINE);
        filters.addClassNames(LumoUtility.Gap.SMALL);

        grid.setId("logs-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(r -> Format.time(r.get("created_at"))).setHeader("Time (UTC)").setAutoWidth(true);
        grid.addComponentColumn(r -> Cells.flagged(Format.text(r.get("status")), failed(r))).setHeader("Status")
                .setAutoWidth(true);
        grid.addColumn(r -> Format.text(r.get("provider"))).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(r -> Format.text(r.get("model"))).setHeader("Model").setAutoWidth(true);
        grid.addColumn(r -> Format.text(r.get("api_key_name"))).setHeader("API key").setAutoWidth(true);
        grid.addColumn(r -> config(r.get("config_id"))).setHeader("Config").setAutoWidth(true)
                .setTooltipGenerator(r -> Format.text(r.get("config_id")));
        grid.addColumn(r -> Format.text(r.get("attempt_count"))).setHeader("Attempts").setAutoWidth(true);
        grid.addColumn(r -> Format.ms(r.get("latency_ms"))).setHeader("Latency").setAutoWidth(true);
        grid.addColumn(r -> number(r.get("prompt_tokens")) + number(r.get("completion_tokens")))
                .setHeader("Tokens").setAutoWidth(true);
        grid.addColumn(r -> Format.usd(r.get("cost"))).setHeader("Cost").setAutoWidth(true);
        grid.addColumn(r -> Format.text(r.get("request_id"))).setHeader("Request id").setAutoWidth(true);
        grid.setPartNameGenerator(r -> failed(r) ? "error-row" : null);
        grid.setSizeFull();
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));

        detail.setId("log-detail");
        detail.setVisible(false);
        // the panel keeps its width (the grid next to it scrolls instead), so the attempts table fits in it
        detail.setWidth("45%");
        detail.setMinWidth("520px");
        detail.getStyle().set("overflow", "auto").set("flex-shrink", "0");
        detail.addClassNames(LumoUtility.Border.LEFT, LumoUtility.BorderColor.CONTRAST_10);
        HorizontalLayout body = new HorizontalLayout(grid, detail);
        body.setSizeFull();
        body.setFlexGrow(1, grid);
        add(new H2("Request logs"), filters, body);
        search();
    }

    /** A request that ended in an error (status 4xx/5xx, or an error recorded on a stream that began 200). */
    static boolean failed(Map<String, Object> r) {
        return r.get("status") instanceof Number n && n.intValue() >= 400 || r.get("error_message") != null
                || r.get("error_type") != null;
    }

    /** How the request was routed: "by headers", "inline config", or the named config's name. */
    String config(Object configId) {
        if (configId == null) {
            return "";
        }
        String id = String.valueOf(configId);
        if ("headers".equals(id)) {
            return "by headers";
        }
        if (id.startsWith("inline-")) {
            return "inline config";
        }
        String name = configNames.get(id);
        return name == null || name.equals(id) ? id : name + " (" + id + ")";
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    void search() {
        to.setInvalid(false);
        metadata.setInvalid(false);
        if (from.getValue() != null && to.getValue() != null && !to.getValue().isAfter(from.getValue())) {
            to.setErrorMessage("'To' must be after 'From'");
            to.setInvalid(true);
            return;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        String m = metadata.getValue() == null ? "" : metadata.getValue().trim();
        if (!m.isEmpty()) {
            for (String part : m.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.trim().length() - 1 && part.trim().endsWith("=")) {
                    metadata.setErrorMessage("Write metadata filters as key=value, separated by commas");
                    metadata.setInvalid(true);
                    return;
                }
                tags.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        filter = new LogFilter(utc(from.getValue()), utc(to.getValue()), status.getValue(),
                errorsOnly.getValue() ? Boolean.TRUE : null, blank(provider.getValue()), blank(model.getValue()),
                blank(apiKey.getValue()), null, null, null, null, tags);
        LogFilter f = filter;
        scope = workspaces.logScope(allWorkspaces.getValue()).orElse(null);
        WorkspaceScope s = scope;
        grid.setItems(query -> s == null ? java.util.stream.Stream.empty()
                : logs.search(s, f, query.getPage(), query.getPageSize()).items().stream());
        detail.setVisible(false);
    }

    private static java.time.Instant utc(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void show(Map<String, Object> row) {
        detail.removeAll();
        if (row == null) {
            detail.setVisible(false);
            return;
        }
        String id = (String) row.get("id");
        Map<String, Object> full = scope == null ? null : logs.find(scope, id);
        if (full == null) {
            detail.setVisible(false);
            return;
        }
        Button close = new Button(VaadinIcon.CLOSE.create(), e -> grid.deselectAll());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        close.setAriaLabel("Close detail");
        HorizontalLayout head = new HorizontalLayout(new H3("Request " + Format.text(full.get("request_id"))), close);
        head.setWidthFull();
        head.expand(head.getComponentAt(0));
        detail.add(head);
        FlexLayout facts = new FlexLayout();
        facts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        facts.addClassNames(LumoUtility.Gap.MEDIUM);
        for (String[] f : new String[][] {{"Time", Format.time(full.get("created_at"))},
                {"Status", Format.text(full.get("status"))}, {"Endpoint", Format.text(full.get("endpoint"))},
                {"Provider", Format.text(full.get("provider"))}, {"Model", Format.text(full.get("model"))},
                {"Config", config(full.get("config_id"))}, {"Virtual key", Format.text(full.get("virtual_key"))},
                {"API key", Format.text(full.get("api_key_name"))}, {"Latency", Format.ms(full.get("latency_ms"))},
                {"Time to first token", Format.ms(full.get("ttft_ms"))},
                {"Upstream", Format.ms(full.get("upstream_ms"))},
                {"Prompt tokens", Format.text(full.get("prompt_tokens"))},
                {"Completion tokens", Format.text(full.get("completion_tokens"))},
                {"Cached tokens", Format.text(full.get("cached_tokens"))}, {"Cost", Format.usd(full.get("cost"))},
                {"Streamed", Format.text(full.get("streamed"))}, {"Trace", Format.text(full.get("trace_id"))},
                {"Error", Format.text(full.get("error_message"))}, {"Metadata", Format.text(full.get("metadata"))}}) {
            if (f[1].isEmpty()) {
                continue;
            }
            Span label = new Span(f[0]);
            label.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
            Span value = new Span(f[1]);
            value.addClassNames(LumoUtility.FontSize.SMALL);
            VerticalLayout cell = new VerticalLayout(label, value);
            cell.setPadding(false);
            cell.setSpacing(false);
            cell.setWidth("auto");
            facts.add(cell);
        }
        detail.add(facts);

        List<Map<String, Object>> attempts = logs.attempts(scope, id);
        Grid<Map<String, Object>> attemptGrid = new Grid<>();
        attemptGrid.setId("log-attempts");
        // fits the detail panel: fixed narrow columns whose text wraps, the error taking what is left
        attemptGrid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        attemptGrid.addColumn(a -> Format.text(a.get("attempt_index"))).setHeader("#").setWidth("36px")
                .setFlexGrow(0);
        attemptGrid.addColumn(a -> Format.text(a.get("option_path")) + " · " + Format.text(a.get("provider")))
                .setHeader("Target").setWidth("8em").setFlexGrow(1);
        attemptGrid.addComponentColumn(a -> Cells.flagged(Format.text(a.get("status")) + " "
                + Format.text(a.get("outcome")), a.get("error_message") != null)).setHeader("Result")
                .setWidth("6.5em").setFlexGrow(0);
        attemptGrid.addColumn(a -> Format.ms(a.get("latency_ms"))).setHeader("Latency").setWidth("5em")
                .setFlexGrow(0);
        attemptGrid.addColumn(a -> Format.text(a.get("error_message"))).setHeader("Error").setWidth("7em")
                .setFlexGrow(2).setTooltipGenerator(a -> Format.text(a.get("error_message")));
        attemptGrid.setWidthFull();
        attemptGrid.setItems(attempts);
        attemptGrid.setAllRowsVisible(true);
        detail.add(new H3("Attempts (" + attempts.size() + ")"), attemptGrid);

        Map<String, Object> bodies = logs.bodies(scope, id);
        if (bodies.get("request_body") != null || bodies.get("response_body") != null) {
            detail.add(new H3("Request body"), pre(bodies.get("request_body")), new H3("Response body"),
                    pre(bodies.get("response_body")));
        } else {
            Span none = new Span("Bodies are not stored (gateway.logs.bodies.enabled=false).");
            none.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            detail.add(none);
        }
        detail.setVisible(true);
    }

    private static Pre pre(Object text) {
        Pre p = new Pre(text == null ? "" : String.valueOf(text));
        p.getStyle().set("white-space", "pre-wrap").set("max-height", "240px").set("overflow", "auto")
                .set("font-size", "var(--lumo-font-size-xs)");
        p.setWidthFull();
        return p;
    }
}
