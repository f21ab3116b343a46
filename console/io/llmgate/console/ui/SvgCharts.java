package io.llmgate.console.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Small server-side SVG charts (no chart script, no CDN): a time series chart with one line per series and a
 * horizontal bar chart. Colours come from Lumo's CSS custom properties, so they follow the theme.
 */
public final class SvgCharts {

    private static final String[] COLOURS = {"var(--lumo-primary-color)", "var(--lumo-error-color)",
            "var(--lumo-success-color)", "#d97706", "#7c3aed", "#0891b2"};
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private SvgCharts() {
    }

    /** Lines over time; {@code series} in legend order, each with one value per {@code times} entry. */
    public static String lines(String title, List<Instant> times, Map<String, double[]> series,
                               DoubleFunction<String> yLabel) {
        int w = 560;
        int h = 220;
        int left = 64;
        int right = 12;
        int top = 34;
        int bottom = 28;
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        max = niceMax(max);
        StringBuilder svg = open(w, h, title);
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = top + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='var(--lumo-contrast-10pct)'/>",
                    left, y, w - right, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end' font-size='10' fill='var(--lumo-secondary-text-color)'>%s</text>",
                    left - 4, y + 3, Format.escape(yLabel.apply(v))));
        }
        int n = times.size();
        if (n > 0) {
            boolean longRange = n > 1 && times.get(n - 1).getEpochSecond() - times.get(0).getEpochSecond() > 86_400;
            int labels = Math.min(n, 6);
            for (int i = 0; i < labels; i++) {
                int idx = labels == 1 ? 0 : (int) Math.round((n - 1) * i / (double) (labels - 1));
                double x = x(idx, n, left, plotW);
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' font-size='10' fill='var(--lumo-secondary-text-color)'>%s</text>",
                        x, h - 8, (longRange ? DAY : HM).format(times.get(idx))));
            }
        }
        int s = 0;
        int legendX = left;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String colour = COLOURS[s++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            double[] values = e.getValue();
            for (int i = 0; i < values.length && i < n; i++) {
                double y = top + plotH - (max == 0 ? 0 : plotH * values[i] / max);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, left, plotW), y));
            }
            if (n == 1) {
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x(0, 1, left, plotW),
                        top + plotH - (max == 0 ? 0 : plotH * values[0] / max), colour));
            } else if (n > 1) {
                svg.append("<polyline fill='none' stroke-width='2' stroke='").append(colour).append("' points='")
                        .append(points.toString().trim()).append("'/>");
            }
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='22' width='10' height='3' fill='%s'/>", legendX + 200, colour));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='27' font-size='10' fill='var(--lumo-body-text-color)'>%s</text>",
                    legendX + 214, Format.escape(e.getKey())));
            legendX += 14 + 7 * e.getKey().length() + 12;
        }
        if (n == 0) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle' font-size='12' fill='var(--lumo-secondary-text-color)'>no requests in this range</text>",
                    w / 2, h / 2));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Horizontal bars, largest first as given. Each name has the full width above its bar (names such as
     * "support bot (…3f9a2c)" are not cut at the bar), with the whole name as the row's tooltip.
     */
    public static String bars(String title, List<Map.Entry<String, Double>> rows, DoubleFunction<String> label) {
        int w = 360;
        int rowH = 32;
        int top = 26;
        int h = top + Math.max(1, rows.size()) * rowH + 4;
        double max = rows.stream().mapToDouble(Map.Entry::getValue).max().orElse(0);
        StringBuilder svg = open(w, h, title);
        int i = 0;
        for (Map.Entry<String, Double> r : rows) {
            double y = top + i * rowH;
            double bw = max == 0 ? 0 : 280 * r.getValue() / max;
            String full = r.getKey() == null ? "(none)" : r.getKey();
            String name = full.length() > 58 ? full.substring(0, 57) + "…" : full;
            svg.append("<g><title>").append(Format.escape(full)).append("</title>");
            svg.append(String.format(Locale.ROOT, "<text x='0' y='%.1f' font-size='11' fill='var(--lumo-body-text-color)'>%s</text>",
                    y + 11, Format.escape(name)));
            svg.append(String.format(Locale.ROOT, "<rect x='0' y='%.1f' width='%.1f' height='12' rx='2' fill='%s'/>",
                    y + 15, bw, COLOURS[0]));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='11' fill='var(--lumo-secondary-text-color)'>%s</text>",
                    4 + bw, y + 25, Format.escape(label.apply(r.getValue()))));
            svg.append("</g>");
            i++;
        }
        if (rows.isEmpty()) {
            svg.append("<text x='0' y='46' font-size='12' fill='var(--lumo-secondary-text-color)'>no data</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(int w, int h, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' role='img' width='100%' viewBox='0 0 ").append(w)
                .append(' ').append(h).append("' style='max-width:").append(w).append("px;font-family:var(--lumo-font-family)'>");
        svg.append("<title>").append(Format.escape(title)).append("</title>");
        svg.append("<text x='0' y='14' font-size='13' font-weight='600' fill='var(--lumo-header-text-color)'>")
                .append(Format.escape(title)).append("</text>");
        return svg;
    }

    private static double x(int i, int n, int left, int plotW) {
        return n <= 1 ? left + plotW / 2.0 : left + plotW * i / (double) (n - 1);
    }

    private static double niceMax(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
