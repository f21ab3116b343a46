package io.llmgate.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogSchema;
import io.llmgate.model.logs.RequestLogStore;
import io.llmgate.routes.observability.LogEntryFactory;

/**
 * Fills the request log with N requests spread over 30 days (default 1,000,000, each with 1-3 attempts and four
 * metadata tags) through the writer's own batch insert, then times the admin API's queries on it.
 *
 * <pre>java -cp ... io.llmgate.bench.LogTableBench h2|h2mem|pg [rows]</pre>
 */
public final class LogTableBench {

    static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral-ai", "azure-openai"};
    static final String[][] MODELS = {
            {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini"},
            {"claude-sonnet-4", "claude-3-5-haiku", "claude-opus-4"},
            {"gemini-2.5-pro", "gemini-2.5-flash"},
            {"mistral-large-latest", "mistral-small-latest"},
            {"gpt-4o", "gpt-4o-mini"}};

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        List<String> props = BenchGateway.logStoreOnly();
        if (db.equals("pg")) {
            props.addAll(BenchGateway.postgres("llmgate_obs_bench", "llmgate-log-table-bench"));
        } else if (db.equals("h2mem")) {
            props.add("--spring.datasource.url=jdbc:h2:mem:logtable;DB_CLOSE_DELAY=-1");
        } else {
            props.addAll(BenchGateway.h2File("logtable"));
        }
        ConfigurableApplicationContext ctx = BenchGateway.start(props);
        try {
            run(db, rows, ctx);
        } finally {
            ctx.close();
        }
    }

    static void run(String db, int rows, ConfigurableApplicationContext ctx) {
        RequestLogStore store = ctx.getBean(RequestLogStore.class);
        LogQueryService logs = ctx.getBean(LogQueryService.class);
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        WorkspaceScope all = WorkspaceScope.unrestricted();
        WorkspaceScope one = ctx.getBean(AccessPolicy.class).scope(Actor.system("bench"), "ws-7", Permission.LOG_READ);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Random random = new Random(42);

        long started = System.nanoTime();
        int batch = 2000;
        List<LogEntry> entries = new ArrayList<>(batch);
        long attempts = 0;
        for (int i = 0; i < rows; i++) {
            LogEntry e = entry(random, now, i, rows);
            attempts += e.attempts().size();
            entries.add(e);
            if (entries.size() == batch) {
                store.insert(entries);
                entries.clear();
            }
            if ((i + 1) % 200_000 == 0) {
                System.out.printf("  %,d rows...%n", i + 1);
            }
        }
        if (!entries.isEmpty()) {
            store.insert(entries);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // four tags per request: a row each on H2, inside the request's jsonb metadata on PostgreSQL
        long tagRows = ctx.getBean(RequestLogSchema.class).tagRows() ? rows * 4L : 0;
        System.out.printf(Locale.ROOT, "%s: inserted %,d requests (%,d attempts, %,d tag rows) in %.1f s: %,.0f "
                + "requests/s, %,.0f rows/s%n", db, rows, attempts, tagRows, seconds, rows / seconds,
                (rows + attempts + tagRows) / seconds);
        if (db.equals("pg")) {
            jdbc.execute("ANALYZE");
        }

        String key = "key-42";
        Instant day = now.minus(Duration.ofDays(1));
        Instant week = now.minus(Duration.ofDays(7));
        Instant month = now.minus(Duration.ofDays(31));
        System.out.printf("%-58s %10s %8s%n", "query (" + db + ", " + String.format("%,d", rows) + " requests)",
                "median ms", "rows");
        time("search: newest 50, no filter", k -> logs.search(all, filter(null, now.plusMillis(k + 1), null, null,
                Map.of()), 0, 50)
                .items().size());
        time("search: workspace, last 24h, 50", k -> logs.search(one, filter(day.minusMillis(k), null, null, null, Map.of()), 0, 50)
                .items().size());
        time("search: api key, 30 days, page 10 of 50", k -> logs.search(all, filter(month.minusMillis(k), null, key, null, Map.of()),
                10, 50).items().size());
        time("search: errors only, last 7 days, 50", k -> logs.search(all, new LogFilter(week.minusMillis(k), null, null, true, null,
                null, null, null, null, null, null, Map.of()), 0, 50).items().size());
        time("search: metadata user=user-17, 30 days, 50", k -> logs.search(all, filter(month.minusMillis(k), null, null, null,
                Map.of("user", "user-17")), 0, 50).items().size());
        time("search: provider+model, last 24h, 50", k -> logs.search(all, new LogFilter(day.minusMillis(k), null, null, null,
                "anthropic", "claude-sonnet-4", null, null, null, null, null, Map.of()), 0, 50).items().size());
        time("search: by request id", k -> logs.search(all, new LogFilter(null, null, null, null, null, null, null,
                null, null, "req-" + (500 + k), null, Map.of()), 0, 50).items().size());
        time("count: workspace, 30 days", k -> (int) logs.count(one, filter(month.minusMillis(k), null, null, null, Map.of())));
        time("usage: day x workspace, 30 days (whole table)", k -> logs.usage(all, filter(month.minusMillis(k), null, null, null,
                Map.of()), LogQueryService.Granularity.DAY, "workspace").size());
        time("usage: hour x model, last 24h", k -> logs.usage(all, filter(day.minusMillis(k), null, null, null, Map.of()),
                LogQueryService.Granularity.HOUR, "model").size());
        time("usage: day x api key, one workspace, 30 days", k -> logs.usage(one, filter(month.minusMillis(k), null, null, null,
                Map.of()), LogQueryService.Granularity.DAY, "api_key").size());
        time("usage: day x tag:team, last 7 days", k -> logs.usage(all, filter(week.minusMillis(k), null, null, null, Map.of()),
                LogQueryService.Granularity.DAY, "tag:team").size());
        time("stats: providers p50/p95/p99 + errors, last 24h", k -> logs.providerStats(all, day.minusMillis(k), now.plusSeconds(1))
                .size());
        time("stats: providers p50/p95/p99 + errors, last 7 days", k -> logs.providerStats(all, week.minusMillis(k), now.plusSeconds(1))
                .size());
        time("export: 10,000 rows streamed", k -> {
            int[] n = {0};
            logs.export(all, filter(month.minusMillis(k), null, null, null, Map.of()), 10_000, r -> n[0]++);
            return n[0];
        });
        long s = System.nanoTime();
        long deleted = logs.deleteOlderThan(now.minus(Duration.ofDays(29)), 1000);
        System.out.printf(Locale.ROOT, "%-58s %10.1f %8d%n", "retention: delete the oldest day (chunks of 1000)",
                (System.nanoTime() - s) / 1e6, deleted);
        if (db.equals("pg")) {
            explain(jdbc, "SELECT id FROM request_log r WHERE r.created_at >= now() - interval '1 day' "
                    + "AND r.workspace_id = 'ws-7' ORDER BY r.created_at DESC LIMIT 50");
            explain(jdbc, "SELECT r.id FROM request_log r WHERE r.metadata @> '{\"user\":\"user-17\"}' "
                    + "ORDER BY r.created_at DESC LIMIT 50");
        }
    }

    static void explain(JdbcTemplate jdbc, String sql) {
        System.out.println("EXPLAIN " + sql);
        jdbc.queryForList("EXPLAIN " + sql, String.class).forEach(l -> System.out.println("   " + l));
    }

    static LogFilter filter(Instant from, Instant to, String apiKey, Integer status, Map<String, String> tags) {
        return new LogFilter(from, to, status, null, null, null, apiKey, null, null, null, null, tags);
    }

    /**
     * Median of 5 runs after a warm-up. Each run shifts the time window by a millisecond: H2 answers a repeated
     * identical query from its result cache, which would time nothing.
     */
    static void time(String name, java.util.function.IntFunction<Integer> query) {
        query.apply(0); // warm
        double[] ms = new double[5];
        int n = 0;
        for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            n = query.apply(i + 1);
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-58s %10.1f %8d%n", name, ms[ms.length / 2], n);
    }

    /** Requests arrive in time order, as they do in a gateway: evenly over the last 30 days. */
    static LogEntry entry(Random r, Instant now, int i, int rows) {
        long span = Duration.ofDays(30).toMillis();
        Instant at = now.minusMillis(span - (long) ((double) i / rows * span));
        int p = r.nextInt(PROVIDERS.length);
        String provider = PROVIDERS[p];
        String model = MODELS[p][r.nextInt(MODELS[p].length)];
        boolean error = r.nextInt(100) < 3;
        int status = error ? (r.nextBoolean() ? 429 : 502) : 200;
        List<LogEntry.AttemptEntry> attempts = new ArrayList<>();
        int failedBefore = r.nextInt(100) < 8 ? 1 + r.nextInt(2) : 0;
        for (int a = 0; a < failedBefore; a++) {
            attempts.add(new LogEntry.AttemptEntry(a, "targets[" + a + "]", provider, model, 529, "FELL_BACK",
                    "overloaded_error", "overloaded", 20 + r.nextInt(200)));
        }
        double latency = 150 + r.nextGaussian() * 40 + r.nextInt(1500);
        attempts.add(new LogEntry.AttemptEntry(failedBefore, "targets[" + failedBefore + "]", provider, model,
                status, error ? "FAILED" : "SUCCESS", error ? "upstream_error" : null, error ? "failed" : null,
                Math.max(1, latency - 5)));
        Map<String, String> tags = new HashMap<>();
        tags.put("user", "user-" + r.nextInt(1000));
        tags.put("team", "team-" + r.nextInt(20));
        tags.put("environment", new String[] {"prod", "staging", "dev"}[r.nextInt(3)]);
        tags.put("feature", "feature-" + r.nextInt(10));
        boolean stream = r.nextBoolean();
        long prompt = error ? 0 : 50 + r.nextInt(4000);
        long completion = error ? 0 : 10 + r.nextInt(800);
        return new LogEntry(LogEntryFactory.newId(at.toEpochMilli()), "req-" + i, Long.toHexString(r.nextLong()) + "0000000000000000",
                at, "chat.completions", "key-" + r.nextInt(200), "key", "ws-" + r.nextInt(20), "org-1",
                r.nextInt(4) == 0 ? "vk-" + r.nextInt(30) : null, r.nextInt(3) == 0 ? "cfg-" + r.nextInt(5) : null,
                provider, model, status, error ? "upstream_error" : null, null, null, stream, r.nextInt(20) == 0,
                attempts.size(), Math.max(2, latency), stream ? Math.max(1, latency / 5) : null, Math.max(1, latency - 5),
                prompt, completion, 0, false, error ? null : java.math.BigDecimal.valueOf((prompt * 2.5 + completion * 10) / 1e6),
                tags, attempts, null, null);
    }

    private LogTableBench() {
    }
}
