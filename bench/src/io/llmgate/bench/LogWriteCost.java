package io.llmgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.RequestLogStore;
import io.llmgate.routes.observability.LogEntryFactory;
import io.llmgate.routes.observability.TimeOrderedTraceIds;

/**
 * What writing the request log costs per request, away from the request path: inserts entries shaped like
 * bench/throughput.sh's requests (one attempt, three metadata tags, a random request id and trace id, the current
 * time) through the writer's store in batches of 1,000 (about one flush interval at 5k requests/s), and reports the
 * CPU time of the writing thread, of the PostgreSQL backend and the WAL bytes per request.
 *
 * <pre>
 * java [-Dddl="DROP INDEX ...; ..."] [-Dbatch=1000] [-Dcold=true] -cp ... io.llmgate.bench.LogWriteCost pg|h2 \
 *      [requests=300000]
 * </pre>
 *
 * {@code ddl}: statements run on the fresh schema first, to weigh an index or a column against its cost.
 * {@code cold}: 64 MB of other memory is touched between making a batch and writing it, so the writer reads entries
 * from memory as in the gateway, not from the cache they were just made in.
 */
public final class LogWriteCost {

    private static final TimeOrderedTraceIds TRACE_IDS = new TimeOrderedTraceIds(
            () -> System.currentTimeMillis() / 1000);

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "pg";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        List<String> props = BenchGateway.logStoreOnly();
        props.addAll(db.equals("pg") ? BenchGateway.postgres("llmgate_write_bench", "llmgate-write-bench")
                : BenchGateway.h2File("writecost"));
        ConfigurableApplicationContext ctx = BenchGateway.start(props);
        try {
            run(db, requests, ctx.getBean(RequestLogStore.class), ctx.getBean(JdbcTemplate.class));
        } finally {
            ctx.close();
        }
    }

    static void run(String db, int requests, RequestLogStore store, JdbcTemplate jdbc) throws Exception {
        boolean pg = db.equals("pg");
        for (String ddl : System.getProperty("ddl", "").split(";")) {
            if (!ddl.isBlank()) {
                jdbc.execute(ddl);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int batch = Integer.getInteger("batch", 1000);
        boolean cold = Boolean.getBoolean("cold");
        // warm-up: JIT and the database's caches; not counted
        for (int i = 0; i < 50; i++) {
            store.insert(batch(batch));
        }
        List<Long> backends = pg ? jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE application_name = "
                + "'llmgate-write-bench'", Long.class) : List.of();
        String walBefore = pg ? jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class) : null;
        long backendBefore = pg ? ticks(backends) : 0;
        long cpu = 0;
        long user = 0;
        long started = System.nanoTime();
        for (int done = 0; done < requests; done += batch) {
            List<LogEntry> entries = batch(batch); // made by request threads in the gateway: not counted
            if (cold) {
                evictCaches(); // as in the gateway, where entries wait in the queue while requests run
            }
            long before = threads.getCurrentThreadCpuTime();
            long userBefore = threads.getCurrentThreadUserTime();
            store.insert(entries);
            cpu += threads.getCurrentThreadCpuTime() - before;
            user += threads.getCurrentThreadUserTime() - userBefore;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double clientUs = cpu / 1e3 / requests;
        double kernelUs = (cpu - user) / 1e3 / requests;
        String line;
        if (pg) {
            double backendUs = (ticks(backends) - backendBefore) * 1e6 / 100.0 / requests;
            Long wal = jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint",
                    Long.class, walBefore);
            Long size = jdbc.queryForObject("SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                    + "AND c.relkind = 'r' AND c.relname LIKE 'request_log%'", Long.class);
            line = String.format(Locale.ROOT, "%s: %,d requests in %.1f s (%,.0f/s): writer %.1f µs (%.1f in the "
                            + "kernel), backend %.1f µs, WAL %,d bytes, table+indexes %,d bytes per request", db,
                    requests, seconds, requests / seconds, clientUs, kernelUs, backendUs, wal / requests,
                    size / (requests + 50L * batch));
        } else {
            line = String.format(Locale.ROOT, "%s: %,d requests in %.1f s (%,.0f/s): writer %.1f µs (%.1f in the "
                    + "kernel) per request", db, requests, seconds, requests / seconds, clientUs, kernelUs);
        }
        System.out.println(line);
    }

    /** CPU time (clock ticks, 100/s) the gateway's PostgreSQL backends have used, from /proc. */
    static long ticks(List<Long> pids) throws Exception {
        long sum = 0;
        for (long pid : pids) {
            String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
            sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return sum;
    }

    private static long touched;

    /** Writes and reads 64 MB (more than any cache here), so the entries the writer reads next come from memory. */
    private static void evictCaches() {
        byte[] other = new byte[64 << 20];
        for (int i = 0; i < other.length; i += 64) {
            other[i] = (byte) i;
        }
        for (int i = 0; i < other.length; i += 64) {
            touched += other[i];
        }
    }

    public static List<LogEntry> batch(int n) {
        List<LogEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(entry());
        }
        return entries;
    }

    /** Like a request of bench/chat-logged.lua as the gateway logs it. */
    static LogEntry entry() {
        Instant at = Instant.now();
        String requestId = io.llmgate.routes.inbound.RequestParser.newRequestId(at.toEpochMilli());
        String traceId = TRACE_IDS.generateTraceId(); // the gateway's own, as when callers send no traceparent
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("user", "bench");
        tags.put("team", "perf");
        tags.put("environment", "bench");
        List<LogEntry.AttemptEntry> attempts = List.of(new LogEntry.AttemptEntry(0, "single", "openai", "gpt-4o-mini",
                200, "SUCCESS", null, null, 0.8));
        return new LogEntry(LogEntryFactory.newId(at.toEpochMilli()), requestId, traceId, at, "chat.completions",
                "key-1", "bench", "default", "org-1", null, null, "openai", "gpt-4o-mini", 200, null, null, null,
                false, false, 1, 1.2, null, 0.8, 9, 12, 0, false, java.math.BigDecimal.valueOf(0.0000087), tags,
                attempts, null, null);
    }

    private LogWriteCost() {
    }
}
