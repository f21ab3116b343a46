package io.llmgate.model.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of log entries, one transaction per batch: COPY on PostgreSQL, JDBC batch inserts elsewhere.
 * Metadata tags go where {@link RequestLogSchema} says: inside the jsonb metadata column (PostgreSQL) or also as a
 * row per tag. Called by the writer only.
 */
@Component
public class RequestLogStore {

    private static final Table LOG = new Table("request_log", "id, request_id, trace_id, created_at, "
            + "created_hour, endpoint, api_key_id, api_key_name, workspace_id, organization_id, virtual_key, "
            + "config_id, provider, model, status, error_type, error_code, error_message, streamed, cache_hit, "
            + "attempt_count, latency_ms, ttft_ms, upstream_ms, prompt_tokens, completion_tokens, cached_tokens, "
            + "usage_estimated, cost, metadata");
    private static final Table ATTEMPT = new Table("request_log_attempt", "log_id, attempt_index, request_id, "
            + "created_at, option_path, provider, model, status, outcome, error_type, error_message, latency_ms");
    private static final Table TAG = new Table("request_log_tag", "log_id, tag_key, tag_value, created_at");
    private static final Table BODY = new Table("request_log_body", "log_id, request_body, response_body");

    private record Table(String name, String columns) {
        String insert() {
            int n = columns.split(",").length;
            return "INSERT INTO " + name + " (" + columns + ") VALUES (" + "?,".repeat(n - 1) + "?)";
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final LogBodies bodies;
    private final RequestLogSchema schema;

    public RequestLogStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json,
                           LogBodies bodies, RequestLogSchema schema) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.bodies = bodies;
        this.schema = schema;
    }

    public void insert(List<LogEntry> batch) {
        tx.executeWithoutResult(status -> {
            DataSource dataSource = jdbc.getDataSource();
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                boolean copy = PostgresCopy.supports(connection);
                Rows rows = rows(batch, copy, schema.tagRows());
                write(connection, copy, LOG, rows.logs());
                write(connection, copy, ATTEMPT, rows.attempts());
                write(connection, copy, TAG, rows.tags());
                write(connection, copy, BODY, rows.bodies());
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("request log write failed: " + e.getMessage(), e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
    }

    private record Rows(List<Object[]> logs, List<Object[]> attempts, List<Object[]> tags, List<Object[]> bodies) {
    }

    /**
     * @param copy    true: times as COPY text, formatted once per entry (each entry's rows share it)
     * @param tagRows true: a row per tag and metadata as text; false: metadata as jsonb, the only place of the tags
     */
    private Rows rows(List<LogEntry> batch, boolean copy, boolean tagRows) {
        Rows rows = new Rows(new ArrayList<>(batch.size()), new ArrayList<>(batch.size()),
                new ArrayList<>(batch.size() * 3), new ArrayList<>());
        for (LogEntry e : batch) {
            OffsetDateTime time = OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC);
            Object at = copy ? time.toString() : time;
            rows.logs().add(new Object[] {e.id(), cut(e.requestId(), 128), e.traceId(), at, e.createdHour(),
                    e.endpoint(), cut(e.apiKeyId(), 64), cut(e.apiKeyName(), 128), cut(e.workspaceId(), 64),
                    cut(e.organizationId(), 64), cut(e.virtualKey(), 128), cut(e.configId(), 128),
                    cut(e.provider(), 64), cut(e.model(), 128), e.status(), cut(e.errorType(), 64),
                    cut(e.errorCode(), 64), cut(e.errorMessage(), 1000), e.streamed(), e.cacheHit(),
                    e.attemptCount(), e.latencyMs(), e.ttftMs(), e.upstreamMs(), e.promptTokens(),
                    e.completionTokens(), e.cachedTokens(), e.usageEstimated(), e.cost(), metadata(e, tagRows)});
            for (LogEntry.AttemptEntry a : e.attempts()) {
                rows.attempts().add(new Object[] {e.id(), a.index(), cut(e.requestId(), 128), at,
                        cut(a.optionPath(), 128), cut(a.provider(), 64), cut(a.model(), 128), a.status(),
                        a.outcome(), cut(a.errorType(), 64), cut(a.errorMessage(), 1000), a.latencyMs()});
            }
            if (tagRows) {
                for (Map.Entry<String, String> t : e.metadata().entrySet()) {
                    rows.tags().add(new Object[] {e.id(), cut(t.getKey(), 64), cut(t.getValue(), 256), at});
                }
            }
            if (bodies.enabled()) {
                String req = bodies.render(e.requestBody());
                String res = bodies.render(e.responseBody());
                if (req != null || res != null) {
                    rows.bodies().add(new Object[] {e.id(), req, res});
                }
            }
        }
        return rows;
    }

    private void write(Connection connection, boolean copy, Table table, List<Object[]> rows) throws SQLException {
        if (copy) {
            PostgresCopy.copy(connection, table.name(), table.columns(), rows);
        } else {
            batch(table.insert(), rows);
        }
    }

    private void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int c = 0; c < row.length; c++) {
                    set(ps, c + 1, row[c]);
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    private static void set(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            // Types.NULL lets PostgreSQL infer the column's type (a VARCHAR null would not fit a numeric column)
            ps.setNull(index, Types.NULL);
            return;
        }
        if (value instanceof OffsetDateTime t) {
            ps.setObject(index, t, Types.TIMESTAMP_WITH_TIMEZONE);
        } else if (value instanceof Jsonb j) {
            ps.setObject(index, j.text(), Types.OTHER); // PostgreSQL casts an untyped parameter to the column's jsonb
        } else {
            ps.setObject(index, value);
        }
    }

    /** Text for a jsonb column; {@link PostgresCopy} writes it like any string, a batch insert as an untyped value. */
    record Jsonb(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The metadata column's value: JSON text cut to the column's 4,000 characters next to tag rows; jsonb otherwise,
     * complete, with NUL (which jsonb refuses, and would fail the whole batch) replaced.
     */
    private Object metadata(LogEntry e, boolean tagRows) {
        if (e.metadata().isEmpty()) {
            return null;
        }
        try {
            if (tagRows) {
                return cut(json.writeValueAsString(e.metadata()), 4000);
            }
            Map<String, String> tags = new LinkedHashMap<>();
            e.metadata().forEach((k, v) -> tags.put(withoutNul(k), withoutNul(v)));
            return new Jsonb(json.writeValueAsString(tags));
        } catch (JsonProcessingException ex) {
            return null;
        }
    }

    private static String withoutNul(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
