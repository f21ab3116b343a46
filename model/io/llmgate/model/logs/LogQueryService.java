package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.governance.WorkspaceScope;

/**
 * Reads the request log: search with paging, export, usage roll-ups and provider statistics. Plain SQL that runs on
 * H2 and PostgreSQL; every query is bounded in time so the {@code created_at} indexes serve it. Every read takes
 * the caller's {@link WorkspaceScope}: the only source of a workspace condition.
 */
@Service
public class LogQueryService {

    /** Roll-up dimensions and their columns; {@code tag:<key>} groups by a metadata tag. */
    public static final Map<String, String> DIMENSIONS = Map.of(
            "workspace", "r.workspace_id",
            "api_key", "r.api_key_id",
            "virtual_key", "r.virtual_key",
            "provider", "r.provider",
            "model", "r.model",
            "config", "r.config_id",
            "status", "r.status",
            "none", "''");

    static final String COLUMNS = "r.id, r.request_id, r.trace_id, r.created_at, r.endpoint, r.api_key_id, "
            + "r.api_key_name, r.workspace_id, r.organization_id, r.virtual_key, r.config_id, r.provider, r.model, "
            + "r.status, r.error_type, r.error_code, r.error_message, r.streamed, r.cache_hit, r.attempt_count, "
            + "r.latency_ms, r.ttft_ms, r.upstream_ms, r.prompt_tokens, r.completion_tokens, r.cached_tokens, "
            + "r.usage_estimated, r.cost, r.metadata";

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate writes;
    private final ObjectMapper json;
    private final RequestLogSchema schema;

    public LogQueryService(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json,
                           RequestLogSchema schema) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        // PostgreSQL streams a result set only with a fetch size inside a transaction
        this.streaming.setFetchSize(1000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.writes = new TransactionTemplate(transactions);
        this.json = json;
        this.schema = schema;
    }

    public record Page(List<Map<String, Object>> items, int page, int size, boolean hasMore) {
    }

    /** Newest first. */
    public Page search(WorkspaceScope scope, LogFilter filter, int page, int size) {
        Where where = where(scope, filter);
        String sql = "SELECT " + COLUMNS + " FROM request_log r" + where.sql()
                + " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";
        List<Object> args = new ArrayList<>(where.args());
        args.add(size + 1);
        args.add((long) page * size);
        List<Map<String, Object>> rows = jdbc.query(sql, (rs, n) -> row(rs), args.toArray());
        boolean more = rows.size() > size;
        return new Page(more ? rows.subList(0, size) : rows, page, size, more);
    }

    /** Number of rows the filter selects. */
    public long count(WorkspaceScope scope, LogFilter filter) {
        Where where = where(scope, filter);
        Long n = jdbc.queryForObject("SELECT count(*) FROM request_log r" + where.sql(), Long.class,
                where.args().toArray());
        return n == null ? 0 : n;
    }

    /** Streams matching rows, newest first, to {@code out} without holding them in memory. */
    public void export(WorkspaceScope scope, LogFilter filter, int maxRows, Consumer<Map<String, Object>> out) {
        Where where = where(scope, filter);
        String sql = "SELECT " + COLUMNS + " FROM request_log r" + where.sql()
                + " ORDER BY r.created_at DESC, r.id DESC LIMIT ?";
        List<Object> args = new ArrayList<>(where.args());
        args.add(maxRows);
        readOnly.executeWithoutResult(s -> streaming.query(sql, rs -> {
            out.accept(row(rs));
        }, args.toArray()));
    }

    /** The attempts of one logged request in the scope, in order. */
    public List<Map<String, Object>> attempts(WorkspaceScope scope, String logId) {
        List<Object> args = new ArrayList<>(List.of(logId));
        return jdbc.query("SELECT a.attempt_index, a.option_path, a.provider, a.model, a.status, a.outcome, "
                + "a.error_type, a.error_message, a.latency_ms FROM request_log_attempt a WHERE a.log_id = ?"
                + inScope(scope, "a.log_id", args) + " ORDER BY a.attempt_index", (rs, n) -> plain(rs),
                args.toArray());
    }

    /** Stored bodies of one logged request in the scope, or an empty map. */
    public Map<String, Object> bodies(WorkspaceScope scope, String logId) {
        List<Object> args = new ArrayList<>(List.of(logId));
        List<Map<String, Object>> rows = jdbc.query("SELECT b.request_body, b.response_body FROM request_log_body b "
                + "WHERE b.log_id = ?" + inScope(scope, "b.log_id", args), (rs, n) -> plain(rs), args.toArray());
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** One logged request by its log id, or null (also when it is outside the scope). */
    public Map<String, Object> find(WorkspaceScope scope, String logId) {
        List<Object> args = new ArrayList<>(List.of(logId));
        String workspace = "";
        if (!scope.all()) {
            workspace = " AND r.workspace_id = ?";
            args.add(scope.workspaceId());
        }
        List<Map<String, Object>> rows = jdbc.query("SELECT " + COLUMNS + " FROM request_log r WHERE r.id = ?"
                + workspace, (rs, n) -> row(rs), args.toArray());
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A condition that keeps a child row of a request log only when that request is in the scope. */
    private static String inScope(WorkspaceScope scope, String logIdColumn, List<Object> args) {
        if (scope.all()) {
            return "";
        }
        args.add(scope.workspaceId());
        return " AND " + logIdColumn + " IN (SELECT s.id FROM request_log s WHERE s.workspace_id = ?)";
    }

    public enum Granularity { HOUR, DAY }

    /**
     * Usage and cost per time bucket and dimension value.
     *
     * @param dimension a key of {@link #DIMENSIONS} or {@code tag:<metadata key>}
     */
    public List<Map<String, Object>> usage(WorkspaceScope scope, LogFilter filter, Granularity granularity,
                                           String dimension) {
        String bucket = granularity == Granularity.DAY ? "r.created_hour / 24" : "r.created_hour";
        String measures = "count(*) AS requests, "
                + "sum(CASE WHEN r.status >= 400 THEN 1 ELSE 0 END) AS errors, "
                + "sum(CASE WHEN r.cache_hit THEN 1 ELSE 0 END) AS cache_hits, "
                + "sum(r.prompt_tokens) AS prompt_tokens, sum(r.completion_tokens) AS completion_tokens, "
                + "sum(r.cached_tokens) AS cached_tokens, sum(r.cost) AS cost, "
                + "sum(CASE WHEN r.cost IS NULL THEN 1 ELSE 0 END) AS unpriced_requests";
        List<Object> args = new ArrayList<>();
        Where where = where(scope, filter);
        String sql;
        if (dimension.startsWith("tag:")) {
            // tag rows: each request's tag by primary key lookup, several times faster than a join on H2;
            // requests without the tag come out with key null
            args.add(dimension.substring(4));
            String tag = schema.tagRows()
                    ? "(SELECT t.tag_value FROM request_log_tag t WHERE t.log_id = r.id AND t.tag_key = ?)"
                    : "r.metadata ->> ?";
            sql = "SELECT r.bucket, r.dim, " + measures + " FROM (SELECT " + bucket + " AS bucket, " + tag
                    + " AS dim, r.status, r.cache_hit, r.prompt_tokens, r.completion_tokens, r.cached_tokens, "
                    + "r.cost FROM request_log r" + where.sql() + ") r GROUP BY r.bucket, r.dim ORDER BY bucket, dim";
        } else {
            String key = DIMENSIONS.get(dimension);
            if (key == null) {
                throw new IllegalArgumentException("unknown dimension " + dimension);
            }
            // PostgreSQL refuses a constant in GROUP BY: "none" groups by the time bucket alone
            String groupBy = "none".equals(dimension) ? bucket : bucket + ", " + key;
            sql = "SELECT " + bucket + " AS bucket, " + key + " AS dim, " + measures + " FROM request_log r"
                    + where.sql() + " GROUP BY " + groupBy + " ORDER BY bucket, dim";
        }
        args.addAll(where.args());
        long hours = granularity == Granularity.DAY ? 24 : 1;
        return jdbc.query(sql, (rs, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bucket", Instant.ofEpochSecond(rs.getLong("bucket") * hours * 3600));
            row.put("key", rs.getObject("dim") == null ? null : String.valueOf(rs.getObject("dim")));
            row.put("requests", rs.getLong("requests"));
            row.put("errors", rs.getLong("errors"));
            row.put("cache_hits", rs.getLong("cache_hits"));
            long prompt = rs.getLong("prompt_tokens");
            long completion = rs.getLong("completion_tokens");
            row.put("prompt_tokens", prompt);
            row.put("completion_tokens", completion);
            row.put("cached_tokens", rs.getLong("cached_tokens"));
            row.put("total_tokens", prompt + completion);
            BigDecimal cost = rs.getBigDecimal("cost");
            row.put("cost", cost == null ? null : cost.stripTrailingZeros());
            row.put("unpriced_requests", rs.getLong("unpriced_requests"));
            return row;
        }, args.toArray());
    }

    /**
     * The dashboard's time series: per bucket of {@code bucketSeconds}, requests, errors, latency p50/p95/p99,
     * tokens and cost. Buckets without requests are left out.
     */
    public List<Map<String, Object>> timeline(WorkspaceScope scope, LogFilter filter, long bucketSeconds) {
        if (bucketSeconds < 1) {
            throw new IllegalArgumentException("bucketSeconds must be at least 1");
        }
        Where where = where(scope, filter);
        String bucket = "FLOOR(EXTRACT(EPOCH FROM r.created_at) / " + bucketSeconds + ")";
        String sql = "SELECT " + bucket + " AS bucket, count(*) AS requests, "
                + "sum(CASE WHEN r.status >= 400 THEN 1 ELSE 0 END) AS errors, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY r.latency_ms) AS p50, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY r.latency_ms) AS p95, "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY r.latency_ms) AS p99, "
                + "sum(r.prompt_tokens) AS prompt_tokens, sum(r.completion_tokens) AS completion_tokens, "
                + "sum(r.cost) AS cost FROM request_log r" + where.sql()
                + " GROUP BY " + bucket + " ORDER BY bucket";
        return jdbc.query(sql, (rs, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bucket", Instant.ofEpochSecond(rs.getLong("bucket") * bucketSeconds));
            row.put("requests", rs.getLong("requests"));
            row.put("errors", rs.getLong("errors"));
            row.put("latency_p50_ms", round(rs.getObject("p50")));
            row.put("latency_p95_ms", round(rs.getObject("p95")));
            row.put("latency_p99_ms", round(rs.getObject("p99")));
            row.put("prompt_tokens", rs.getLong("prompt_tokens"));
            row.put("completion_tokens", rs.getLong("completion_tokens"));
            BigDecimal cost = rs.getBigDecimal("cost");
            row.put("cost", cost == null ? BigDecimal.ZERO : cost.stripTrailingZeros());
            return row;
        }, where.args().toArray());
    }

    /** The {@code limit} largest values of a dimension by requests, with their cost and tokens. */
    public List<Map<String, Object>> top(WorkspaceScope scope, LogFilter filter, String dimension, int limit) {
        String key = DIMENSIONS.get(dimension);
        if (key == null) {
            throw new IllegalArgumentException("unknown dimension " + dimension);
        }
        Where where = where(scope, filter);
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        // API keys are grouped by id but shown by name: the name the log recorded (the latest, if it changed)
        boolean named = "api_key".equals(dimension);
        return jdbc.query("SELECT " + key + " AS dim, count(*) AS requests, sum(r.cost) AS cost, "
                + "sum(r.prompt_tokens + r.completion_tokens) AS tokens"
                + (named ? ", max(r.api_key_name) AS name" : "") + " FROM request_log r" + where.sql()
                + " GROUP BY " + key + " ORDER BY requests DESC, dim LIMIT ?", (rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key", rs.getObject("dim") == null ? null : String.valueOf(rs.getObject("dim")));
                    if (named) {
                        row.put("name", rs.getString("name"));
                    }
                    row.put("requests", rs.getLong("requests"));
                    BigDecimal cost = rs.getBigDecimal("cost");
                    row.put("cost", cost == null ? BigDecimal.ZERO : cost.stripTrailingZeros());
                    row.put("tokens", rs.getLong("tokens"));
                    return row;
                }, args.toArray());
    }

    /**
     * Latency percentiles and error rates per provider: over attempts (every provider call, including those that
     * were retried or fell back) and over requests (by the provider that answered or was tried last).
     */
    public List<Map<String, Object>> providerStats(WorkspaceScope scope, Instant from, Instant to) {
        Map<String, Map<String, Object>> byProvider = new LinkedHashMap<>();
        // attempts carry no workspace: a scoped read keeps those of the scope's requests
        List<Object> attemptArgs = new ArrayList<>(List.of(utc(from), utc(to)));
        String attemptScope = inScope(scope, "log_id", attemptArgs);
        jdbc.query("SELECT provider, count(*) AS n, "
                + "sum(CASE WHEN outcome <> 'SUCCESS' THEN 1 ELSE 0 END) AS errors, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99 "
                + "FROM request_log_attempt WHERE created_at >= ? AND created_at < ? AND provider IS NOT NULL"
                + attemptScope + " GROUP BY provider ORDER BY provider", rs -> {
                    Map<String, Object> p = stats(byProvider, rs.getString("provider"));
                    p.put("attempts", percentiles(rs));
                }, attemptArgs.toArray());
        List<Object> requestArgs = new ArrayList<>(List.of(utc(from), utc(to)));
        String requestScope = "";
        if (!scope.all()) {
            requestScope = " AND workspace_id = ?";
            requestArgs.add(scope.workspaceId());
        }
        jdbc.query("SELECT provider, count(*) AS n, sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p50, "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p95 "
                + "FROM request_log WHERE created_at >= ? AND created_at < ? AND provider IS NOT NULL"
                + requestScope + " GROUP BY provider ORDER BY provider", rs -> {
                    Map<String, Object> p = stats(byProvider, rs.getString("provider"));
                    Map<String, Object> requests = percentiles(rs);
                    requests.put("ttft_p50_ms", round(rs.getObject("ttft_p50")));
                    requests.put("ttft_p95_ms", round(rs.getObject("ttft_p95")));
                    p.put("requests", requests);
                }, requestArgs.toArray());
        jdbc.query("SELECT provider, error_type, count(*) AS n FROM request_log_attempt "
                + "WHERE created_at >= ? AND created_at < ? AND provider IS NOT NULL AND error_type IS NOT NULL"
                + attemptScope + " GROUP BY provider, error_type ORDER BY provider, error_type", rs -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> types = (Map<String, Object>) stats(byProvider, rs.getString("provider"))
                            .computeIfAbsent("errors_by_type", k -> new LinkedHashMap<>());
                    types.put(rs.getString("error_type"), rs.getLong("n"));
                }, attemptArgs.toArray());
        return new ArrayList<>(byProvider.values());
    }

    private static Map<String, Object> stats(Map<String, Map<String, Object>> all, String provider) {
        return all.computeIfAbsent(provider, p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", p);
            return m;
        });
    }

    private static Map<String, Object> percentiles(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        long n = rs.getLong("n");
        long errors = rs.getLong("errors");
        m.put("count", n);
        m.put("errors", errors);
        m.put("error_rate", n == 0 ? 0.0 : Math.round(errors * 10000.0 / n) / 10000.0);
        m.put("latency_p50_ms", round(rs.getObject("p50")));
        m.put("latency_p95_ms", round(rs.getObject("p95")));
        m.put("latency_p99_ms", round(rs.getObject("p99")));
        return m;
    }

    private static Double round(Object value) {
        return value instanceof Number n ? Math.round(n.doubleValue() * 1000.0) / 1000.0 : null;
    }

    /** Deletes logs created before {@code cutoff}, in chunks; returns the number of requests deleted. */
    public long deleteOlderThan(Instant cutoff, int chunk) {
        long total = 0;
        while (true) {
            List<String> ids = jdbc.queryForList("SELECT id FROM request_log WHERE created_at < ? LIMIT ?",
                    String.class, utc(cutoff), chunk);
            if (ids.isEmpty()) {
                return total;
            }
            String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            Object[] args = ids.toArray();
            // one short transaction per chunk: no long lock on a big table
            writes.executeWithoutResult(s -> {
                jdbc.update("DELETE FROM request_log_attempt WHERE log_id IN (" + in + ")", args);
                if (schema.tagRows()) {
                    jdbc.update("DELETE FROM request_log_tag WHERE log_id IN (" + in + ")", args);
                }
                jdbc.update("DELETE FROM request_log_body WHERE log_id IN (" + in + ")", args);
                jdbc.update("DELETE FROM request_log WHERE id IN (" + in + ")", args);
            });
            total += ids.size();
            if (ids.size() < chunk) {
                return total;
            }
        }
    }

    private record Where(String sql, List<Object> args) {
    }

    private Where where(WorkspaceScope scope, LogFilter f) {
        List<String> clauses = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!scope.all()) {
            clauses.add("r.workspace_id = ?");
            args.add(scope.workspaceId());
        }
        if (f.from() != null) {
            clauses.add("r.created_at >= ?");
            args.add(utc(f.from()));
        }
        if (f.to() != null) {
            clauses.add("r.created_at < ?");
            args.add(utc(f.to()));
        }
        eq(clauses, args, "r.status", f.status());
        if (f.errors() != null) {
            clauses.add(f.errors() ? "r.status >= 400" : "r.status < 400");
        }
        eq(clauses, args, "r.provider", lower(f.provider()));
        eq(clauses, args, "r.model", f.model());
        eq(clauses, args, "r.api_key_id", f.apiKeyId());
        eq(clauses, args, "r.virtual_key", f.virtualKey());
        eq(clauses, args, "r.config_id", f.configId());
        eq(clauses, args, "r.request_id", f.requestId());
        eq(clauses, args, "r.trace_id", f.traceId());
        if (!f.metadata().isEmpty()) {
            if (schema.tagRows()) {
                tagRowClauses(f, clauses, args);
            } else {
                // served by the GIN index ix_request_log_metadata; one containment test for all the tags, written
                // like the stored metadata (a NUL stored as U+FFFD matches a NUL asked for)
                clauses.add("r.metadata @> CAST(? AS jsonb)");
                args.add(RequestLogRows.json(f.metadata()));
            }
        }
        return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), args);
    }

    private static void tagRowClauses(LogFilter f, List<String> clauses, List<Object> args) {
        for (Map.Entry<String, String> tag : f.metadata().entrySet()) {
            // served by ix_request_log_tag_value (tag_key, tag_value, created_at)
            StringBuilder sub = new StringBuilder("r.id IN (SELECT log_id FROM request_log_tag WHERE tag_key = ? "
                    + "AND tag_value = ?");
            args.add(tag.getKey());
            args.add(tag.getValue());
            if (f.from() != null) {
                sub.append(" AND created_at >= ?");
                args.add(utc(f.from()));
            }
            if (f.to() != null) {
                sub.append(" AND created_at < ?");
                args.add(utc(f.to()));
            }
            clauses.add(sub.append(")").toString());
        }
    }

    private static void eq(List<String> clauses, List<Object> args, String column, Object value) {
        if (value != null) {
            clauses.add(column + " = ?");
            args.add(value);
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = plain(rs);
        // getString: a jsonb column comes back from getObject as the driver's own PGobject
        String metadata = rs.getString("metadata");
        if (metadata != null) {
            try {
                row.put("metadata", json.readValue(metadata, STRING_MAP));
            } catch (Exception e) {
                row.put("metadata", Map.of());
            }
        } else {
            row.put("metadata", Map.of());
        }
        return row;
    }

    /** Column label (lower case) to value, timestamps as UTC instants, decimals without trailing zeros. */
    private static Map<String, Object> plain(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object v = rs.getObject(i);
            if (name.equals("created_at")) {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                v = t == null ? null : t.toInstant();
            } else if (v instanceof BigDecimal d) {
                v = d.stripTrailingZeros();
            } else if (v instanceof java.sql.Clob clob) {
                v = clob.getSubString(1, (int) clob.length());
            }
            row.put(name, v);
        }
        return row;
    }
}
