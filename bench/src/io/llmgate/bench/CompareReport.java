package io.llmgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markdown table of bench/compare.sh from its raw lines: per case and system the median over rounds and the
 * range (min–max); "added" figures are paired: system minus direct within the same round, then median and range.
 * Usage: CompareReport meta-file raw-file
 */
public final class CompareReport {

    private static final Pattern KV = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

    private CompareReport() {
    }

    static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher k = KV.matcher(line);
        while (k.find()) {
            m.put(k.group(1), k.group(2));
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Path.of(args[0]))) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                meta.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        // case -> system -> round -> fields
        Map<String, Map<String, Map<Integer, Map<String, String>>>> runs = new LinkedHashMap<>();
        Map<String, Map<String, String>> starts = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Long>> ramps = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Path.of(args[1]))) {
            String[] p = l.split(" ");
            if (l.startsWith("ROUND ")) {
                Map<String, String> f = fields(l);
                runs.computeIfAbsent(f.get("case"), c -> new LinkedHashMap<>())
                        .computeIfAbsent(f.get("label"), s -> new TreeMap<>()).put(Integer.parseInt(p[1]), f);
            } else if (l.startsWith("START ")) {
                starts.put(p[1], fields(l));
            } else if (l.startsWith("RAMP ")) {
                ramps.computeIfAbsent(p[1], s -> new TreeMap<>()).put(Integer.parseInt(p[2]), Long.parseLong(p[3]));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("### Side by side, ").append(meta.get("date")).append("\n\n");
        out.append(meta.get("machine")).append("; ").append(meta.get("java")).append("; Node ").append(meta.get("node"))
                .append(". llmgate: `bin/llmgate` (").append(meta.get("llmgate_opts").trim())
                .append("), auth on (gateway API key), named fallback config over a virtual key, request log on. ")
                .append("Portkey: `@portkey-ai/gateway` 1.15.2, `x-portkey-provider: openai` + `x-portkey-custom-host`. ")
                .append(meta.get("settings")).append(". Open loop: latency from each request's scheduled start. ")
                .append("Figures: median of the rounds [min–max]; *added* = system − direct in the same round.\n\n");

        out.append("| system | start-up (to /health) | ready for traffic | time to peak (≥ 90 % of best second) | best second |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (var s : starts.entrySet()) {
            TreeMap<Integer, Long> ramp = ramps.getOrDefault(s.getKey(), new TreeMap<>());
            long best = ramp.values().stream().mapToLong(Long::longValue).max().orElse(0);
            int peakSecond = ramp.entrySet().stream().filter(e -> e.getValue() >= 0.9 * best).mapToInt(Map.Entry::getKey)
                    .findFirst().orElse(-1);
            double ready = Long.parseLong(s.getValue().get("ready_ms")) / 1000.0;
            out.append(String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %s | %,d req/s |%n", s.getKey(),
                    Long.parseLong(s.getValue().get("startup_ms")) / 1000.0, ready,
                    peakSecond < 0 ? "—" : String.format(Locale.ROOT, "%.0f s after start (%d s of load)", ready + peakSecond, peakSecond),
                    best));
        }
        if (!ramps.isEmpty()) {
            out.append("\nThroughput per second after start (closed loop):");
            for (var r : ramps.entrySet()) {
                out.append(" ").append(r.getKey()).append(" ");
                out.append(String.join(" ", r.getValue().values().stream().map(String::valueOf).toList()));
                out.append(';');
            }
            out.append("\n");
        }

        out.append("\n| case | system | achieved | errors | p50 | p99 | p99.9 | max | added p50 | added p99 | added p99.9 | RSS | load avg |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var c : runs.entrySet()) {
            if (c.getKey().equals("stream")) {
                continue;
            }
            Map<Integer, Map<String, String>> direct = c.getValue().get("direct");
            for (var s : c.getValue().entrySet()) {
                var rounds = s.getValue();
                boolean self = s.getKey().equals("direct");
                if (rounds.values().stream().allMatch(f -> num(f, "ok") == 0)) {
                    out.append("| ").append(caseName(c.getKey())).append(" | ").append(s.getKey())
                            .append(" | 0/s | ").append(stat(rounds, f -> num(f, "errors"), "%.0f"))
                            .append(" | | | | | | | | | ").append(stat(rounds, f -> num(f, "load"), "%.1f")).append(" |\n");
                    continue;
                }
                out.append("| ").append(caseName(c.getKey())).append(" | ").append(s.getKey()).append(" | ")
                        .append(stat(rounds, f -> num(f, "achieved_rps"), "%,.0f/s")).append(" | ")
                        .append(stat(rounds, f -> num(f, "errors"), "%.0f")).append(" | ")
                        .append(stat(rounds, f -> num(f, "p50_us") / 1000, "%.2f ms")).append(" | ")
                        .append(stat(rounds, f -> num(f, "p99_us") / 1000, "%.2f ms")).append(" | ")
                        .append(stat(rounds, f -> num(f, "p999_us") / 1000, "%.1f ms")).append(" | ")
                        .append(stat(rounds, f -> num(f, "max_us") / 1000, "%.0f ms")).append(" | ")
                        .append(self ? "" : added(rounds, direct, "p50_us", "%.2f ms")).append(" | ")
                        .append(self ? "" : added(rounds, direct, "p99_us", "%.2f ms")).append(" | ")
                        .append(self ? "" : added(rounds, direct, "p999_us", "%.1f ms")).append(" | ")
                        .append(self ? "" : stat(rounds, f -> num(f, "rss_mb"), "%.0f MB")).append(" | ")
                        .append(stat(rounds, f -> num(f, "load"), "%.1f")).append(" |\n");
            }
        }
        var sat = runs.get("sat");
        if (sat != null && sat.containsKey("llmgate") && sat.containsKey("portkey")) {
            out.append(String.format(Locale.ROOT, "%nSaturation: llmgate %s × Portkey's throughput (paired per round).%n",
                    ratio(sat.get("llmgate"), sat.get("portkey"))));
        }
        var stream = runs.get("stream");
        if (stream != null) {
            Map<Integer, Map<String, String>> direct = stream.get("direct");
            out.append("\nStreaming (50 SSE chunks, open loop): time to first chunk, and first-to-last chunk time "
                    + "(added ÷ 49 = per-chunk overhead).\n\n");
            out.append("| system | errors | TTFT p50 | TTFT p99 | added TTFT p50 | added TTFT p99 | body p50 | added per chunk p50 | load avg |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (var s : stream.entrySet()) {
                var rounds = s.getValue();
                boolean self = s.getKey().equals("direct");
                if (rounds.values().stream().allMatch(f -> num(f, "ok") == 0)) {
                    out.append("| ").append(s.getKey()).append(" | ").append(stat(rounds, f -> num(f, "errors"), "%.0f"))
                            .append(" (all failed) | | | | | | | ").append(stat(rounds, f -> num(f, "load"), "%.1f")).append(" |\n");
                    continue;
                }
                out.append("| ").append(s.getKey()).append(" | ")
                        .append(stat(rounds, f -> num(f, "errors"), "%.0f")).append(" | ")
                        .append(stat(rounds, f -> num(f, "ttft_p50_us") / 1000, "%.2f ms")).append(" | ")
                        .append(stat(rounds, f -> num(f, "ttft_p99_us") / 1000, "%.2f ms")).append(" | ")
                        .append(self ? "" : added(rounds, direct, "ttft_p50_us", "%.2f ms")).append(" | ")
                        .append(self ? "" : added(rounds, direct, "ttft_p99_us", "%.2f ms")).append(" | ")
                        .append(stat(rounds, f -> num(f, "body_p50_us") / 1000, "%.2f ms")).append(" | ")
                        .append(self ? "" : pairedStat(rounds, direct, (f, d) -> (num(f, "body_p50_us") - num(d, "body_p50_us")) / 49, "%.1f µs"))
                        .append(" | ").append(stat(rounds, f -> num(f, "load"), "%.1f")).append(" |\n");
            }
        }
        System.out.print(out);
    }

    private static String caseName(String c) {
        return switch (c) {
            case "seq" -> "sequential (1 connection)";
            case "sat" -> "saturation (closed loop)";
            default -> c.startsWith("open") ? String.format(Locale.ROOT, "%,d req/s", Long.parseLong(c.substring(4))) : c;
        };
    }

    private static double num(Map<String, String> f, String key) {
        String v = f.get(key);
        try {
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String stat(Map<Integer, Map<String, String>> rounds, Function<Map<String, String>, Double> value,
                               String format) {
        List<Double> v = new ArrayList<>();
        rounds.values().forEach(f -> v.add(value.apply(f)));
        return summary(v, format);
    }

    private static String added(Map<Integer, Map<String, String>> rounds, Map<Integer, Map<String, String>> direct,
                                String key, String format) {
        double scale = 1000;
        return pairedStat(rounds, direct, (f, d) -> (num(f, key) - num(d, key)) / scale, format);
    }

    interface Pair {
        double apply(Map<String, String> system, Map<String, String> direct);
    }

    private static String pairedStat(Map<Integer, Map<String, String>> rounds, Map<Integer, Map<String, String>> direct,
                                     Pair value, String format) {
        if (direct == null) {
            return "";
        }
        List<Double> v = new ArrayList<>();
        rounds.forEach((r, f) -> {
            if (direct.containsKey(r)) {
                v.add(value.apply(f, direct.get(r)));
            }
        });
        return summary(v, format);
    }

    private static String ratio(Map<Integer, Map<String, String>> a, Map<Integer, Map<String, String>> b) {
        List<Double> v = new ArrayList<>();
        a.forEach((r, f) -> {
            if (b.containsKey(r)) {
                v.add(num(f, "achieved_rps") / num(b.get(r), "achieved_rps"));
            }
        });
        return summary(v, "%.1f");
    }

    private static String summary(List<Double> values, String format) {
        List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (v.isEmpty()) {
            return "—";
        }
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        String m = String.format(Locale.ROOT, format, median);
        if (n == 1 || v.get(0).equals(v.get(n - 1))) {
            return m;
        }
        return m + " [" + String.format(Locale.ROOT, format, v.get(0)).replaceAll(" \\S+$", "") + "–"
                + String.format(Locale.ROOT, format, v.get(n - 1)).replaceAll(" \\S+$", "") + "]";
    }
}
