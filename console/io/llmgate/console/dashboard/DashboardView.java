package io.llmgate.console.dashboard;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;

import org.springframework.beans.factory.ObjectProvider;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;

import io.llmgate.console.CurrentUser;
import io.llmgate.console.MainLayout;
import io.llmgate.console.WorkspaceContext;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.console.ui.Format;
import io.llmgate.console.ui.SvgCharts;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogQueryService;

/**
 * Requests, error rate, latency percentiles, tokens and cost over time, and the top models, keys and providers,
 * from the request log. Refreshes itself every few seconds while open.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Dashboard · llmgate")
@PermitAll
public class DashboardView extends VerticalLayout {

    enum Range {
        QUARTER("Last 15 minutes", Duration.ofMinutes(15), 30),
        HOUR("Last hour", Duration.ofHours(1), 60),
        DAY("Last 24 hours", Duration.ofHours(24), 1800),
        WEEK("Last 7 days", Duration.ofDays(7), 6 * 3600);

        final String label;
        final Duration length;
        final long bucketSeconds;

        Range(String label, Duration length, long bucketSeconds) {
            this.label = label;
            this.length = length;
            this.bucketSeconds = bucketSeconds;
        }
    }

    static final int REFRESH_MILLIS = 5000;

    private final LogQueryService logs;
    private final WorkspaceContext workspaces;
    private final Clock clock;
    private final Select<Range> range = new Select<>();
    private final Checkbox allWorkspaces = new Checkbox("All workspaces");
    private WorkspaceScope scope;
    private final FlexLayout kpis = new FlexLayout();
    private final Html requestsChart = new Html("<div></div>");
    private final Html latencyChart = new Html("<div></div>");
    private final Html tokensChart = new Html("<div></div>");
    private final Html costChart = new Html("<div></div>");
    private final Html topModels = new Html("<div></div>");
    private final Html topKeys = new Html("<div></div>");
    private final Html topProviders = new Html("<div></div>");
    private final Span updated = new Span();

    public DashboardView(LogQueryService logs, WorkspaceContext workspaces, CurrentUser user,
                         ObjectProvider<Clock> clock) {
        this.logs = logs;
        this.workspaces = workspaces;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        setId("dashboard-view");
        range.setLabel("Range");
        range.setItems(Range.values());
        range.setItemLabelGenerator(r -> r.label);
        range.setValue(Range.HOUR);
        range.addValueChangeListener(e -> refresh());
        allWorkspaces.setVisible(user.orgAdmin());
        allWorkspaces.addValueChangeListener(e -> refresh());
        updated.setId("dashboard-updated");
        updated.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        HorizontalLayout bar = new HorizontalLayout(new H2("Dashboard"), range, allWorkspaces, updated);
        bar.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        kpis.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        kpis.addClassNames(LumoUtility.Gap.MEDIUM);
        FlexLayout charts = new FlexLayout(box(requestsChart), box(latencyChart), box(tokensChart), box(costChart));
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.addClassNames(LumoUtility.Gap.MEDIUM);
        FlexLayout tops = new FlexLayout(box(topModels), box(topKeys), box(topProviders));
        tops.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tops.addClassNames(LumoUtility.Gap.MEDIUM);
        add(bar, kpis, charts, tops);
        refresh();
    }

    private static Div box(Html chart) {
        Div d = new Div(chart);
        d.addClassNames(LumoUtility.Padding.SMALL, LumoUtility.Border.ALL, LumoUtility.BorderColor.CONTRAST_10,
                LumoUtility.BorderRadius.MEDIUM);
        d.setWidth("540px");
        d.getStyle().set("max-width", "100%");
        return d;
    }

    private Registration polling;

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(REFRESH_MILLIS);
        polling = event.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }

    void refresh() {
        Range r = range.getValue() == null ? Range.HOUR : range.getValue();
        Instant now = clock.instant();
        Instant to = Instant.ofEpochSecond((now.getEpochSecond() / r.bucketSeconds + 1) * r.bucketSeconds);
        Instant from = to.minus(r.length);
        // nothing to read (no workspace): an empty scope shows empty charts, never every workspace
        WorkspaceScope scope = workspaces.logScope(allWorkspaces.getValue()).orElse(null);
        this.scope = scope;
        LogFilter filter = new LogFilter(from, to, null, null, null, null, null, null, null, null, null, Map.of());

        Map<Instant, Map<String, Object>> byBucket = new HashMap<>();
        for (Map<String, Object> row : scope == null ? List.<Map<String, Object>>of()
                : logs.timeline(scope, filter, r.bucketSeconds)) {
            byBucket.put((Instant) row.get("bucket"), row);
        }
        List<Instant> times = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(r.bucketSeconds)) {
            times.add(t);
        }
        int n = times.size();
        double[] requests = new double[n];
        double[] errors = new double[n];
        double[] p50 = new double[n];
        double[] p95 = new double[n];
        double[] p99 = new double[n];
        double[] prompt = new double[n];
        double[] completion = new double[n];
        double[] cost = new double[n];
        long totalRequests = 0;
        long totalErrors = 0;
        long totalTokens = 0;
        BigDecimal totalCost = BigDecimal.ZERO;
        double worstP95 = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = byBucket.get(times.get(i));
            if (row == null) {
                continue;
            }
            requests[i] = ((Number) row.get("requests")).doubleValue();
            errors[i] = ((Number) row.get("errors")).doubleValue();
            p50[i] = number(row.get("latency_p50_ms"));
            p95[i] = number(row.get("latency_p95_ms"));
            p99[i] = number(row.get("latency_p99_ms"));
            prompt[i] = number(row.get("prompt_tokens"));
            completion[i] = number(row.get("completion_tokens"));
            cost[i] = number(row.get("cost"));
            totalRequests += (long) requests[i];
            totalErrors += (long) errors[i];
            totalTokens += (long) (prompt[i] + completion[i]);
            totalCost = totalCost.add((BigDecimal) row.get("cost"));
            worstP95 = Math.max(worstP95, p95[i]);
        }

        kpis.removeAll();
        kpis.add(kpi("kpi-requests", "Requests", String.valueOf(totalRequests)),
                kpi("kpi-error-rate", "Error rate", totalRequests == 0 ? "—"
                        : String.format("%.1f %%", 100.0 * totalErrors / totalRequests)),
                kpi("kpi-p95", "Worst p95 latency", totalRequests == 0 ? "—" : Format.ms(worstP95)),
                kpi("kpi-tokens", "Tokens", String.valueOf(totalTokens)),
                kpi("kpi-cost", "Cost", Format.usd(totalCost)));

        Map<String, double[]> reqSeries = new LinkedHashMap<>();
        reqSeries.put("requests", requests);
        reqSeries.put("errors", errors);
        set(requestsChart, SvgCharts.lines("Requests and errors", times, reqSeries, DashboardView::count));
        Map<String, double[]> latSeries = new LinkedHashMap<>();
        latSeries.put("p50", p50);
        latSeries.put("p95", p95);
        latSeries.put("p99", p99);
        set(latencyChart, SvgCharts.lines("Latency (ms)", times, latSeries,
                v -> String.valueOf(Math.round(v))));
        Map<String, double[]> tokSeries = new LinkedHashMap<>();
        tokSeries.put("prompt", prompt);
        tokSeries.put("completion", completion);
        set(tokensChart, SvgCharts.lines("Tokens", times, tokSeries, DashboardView::count));
        set(costChart, SvgCharts.lines("Cost (USD)", times, Map.of("cost", cost),
                v -> v == 0 ? "0" : String.format("%.4f", v)));
        set(topModels, SvgCharts.bars("Top models", top(filter, "model"), v -> String.valueOf(Math.round(v))));
        set(topKeys, SvgCharts.bars("Top API keys", top(filter, "api_key"),
                v -> String.valueOf(Math.round(v))));
        set(topProviders, SvgCharts.bars("Top providers", top(filter, "provider"),
                v -> String.valueOf(Math.round(v))));
        updated.setText("updated " + Format.time(now));
    }

    /** The SVG goes inside a div: set as a root element it would be created in the HTML namespace. */
    private static void set(Html html, String svg) {
        html.setHtmlContent("<div>" + svg + "</div>");
    }

    private List<Map.Entry<String, Double>> top(LogFilter filter, String dimension) {
        List<Map.Entry<String, Double>> rows = new ArrayList<>();
        for (Map<String, Object> row : scope == null ? List.<Map<String, Object>>of()
                : logs.top(scope, filter, dimension, 5)) {
            rows.add(Map.entry(Format.named((String) row.get("name"), (String) row.get("key")),
                    ((Number) row.get("requests")).doubleValue()));
        }
        return rows;
    }

    /** Axis label of a count: whole numbers as such, fractions (small maxima) with one decimal. */
    static String count(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static Div kpi(String id, String label, String value) {
        Span l = new Span(label);
        l.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Span v = new Span(value);
        v.addClassNames(LumoUtility.FontSize.XXLARGE, LumoUtility.FontWeight.SEMIBOLD);
        v.setId(id);
        Div d = new Div(l, new Div(v));
        d.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.Background.CONTRAST_5, LumoUtility.BorderRadius.MEDIUM);
        d.setMinWidth("150px");
        return d;
    }
}
