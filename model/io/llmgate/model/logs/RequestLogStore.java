package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of log entries, one transaction per batch: COPY on PostgreSQL, JDBC batch inserts elsewhere, both
 * filled by {@link RequestLogRows}. Metadata tags go where {@link RequestLogSchema} says: inside the jsonb metadata
 * column (PostgreSQL) or also as a row per tag. Called by the writer only.
 */
@Component
public class RequestLogStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LogBodies bodies;
    private final RequestLogSchema schema;

    public RequestLogStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, LogBodies bodies,
                           RequestLogSchema schema) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.bodies = bodies;
        this.schema = schema;
    }

    public void insert(List<LogEntry> batch) {
        tx.executeWithoutResult(status -> {
            DataSource dataSource = jdbc.getDataSource();
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                insert(connection, batch);
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("request log write failed: " + e.getMessage(), e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
    }

    private void insert(Connection connection, List<LogEntry> batch) throws SQLException {
        boolean copy = PostgresCopy.supports(connection);
        boolean tagRows = schema.tagRows();
        write(connection, copy, RequestLogRows.LOG, batch.size(), row -> {
            for (LogEntry e : batch) {
                RequestLogRows.log(e, metadata(e, tagRows), !tagRows, row);
            }
        });
        write(connection, copy, RequestLogRows.ATTEMPT, batch.size(), row -> {
            for (LogEntry e : batch) {
                for (LogEntry.AttemptEntry a : e.attempts()) {
                    RequestLogRows.attempt(e, a, row);
                }
            }
        });
        if (tagRows) {
            write(connection, copy, RequestLogRows.TAG, batch.size() * 3, row -> {
                for (LogEntry e : batch) {
                    for (Map.Entry<String, String> tag : e.metadata().entrySet()) {
                        RequestLogRows.tag(e, tag, row);
                    }
                }
            });
        }
        if (bodies.enabled()) {
            write(connection, copy, RequestLogRows.BODY, batch.size(), row -> {
                for (LogEntry e : batch) {
                    String request = bodies.render(e.requestBody());
                    String response = bodies.render(e.responseBody());
                    if (request != null || response != null) {
                        RequestLogRows.body(e, request, response, row);
                    }
                }
            });
        }
    }

    private static void write(Connection connection, boolean copy, RequestLogRows.Table table, int rowsHint,
                              RowSink.Rows rows) throws SQLException {
        if (copy) {
            PostgresCopy.copy(connection, table, rowsHint, rows);
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(table.insert())) {
            StatementRow row = new StatementRow(insert);
            rows.writeTo(row);
            if (row.rows > 0) {
                insert.executeBatch();
            }
        }
    }

    /**
     * The metadata column's value: JSON text cut to the column's 4,000 characters next to tag rows; complete for
     * jsonb, where it is the only copy of the tags.
     */
    private static String metadata(LogEntry e, boolean tagRows) {
        if (e.metadata().isEmpty()) {
            return null;
        }
        String json = RequestLogRows.json(e.metadata());
        return tagRows ? RequestLogRows.cut(json, 4000) : json;
    }

    /** A row as one batch entry of an INSERT. */
    private static final class StatementRow implements RowSink {

        private final PreparedStatement insert;
        private int column;
        private int rows;

        StatementRow(PreparedStatement insert) {
            this.insert = insert;
        }

        @Override
        public void text(String value) throws SQLException {
            insert.setString(++column, value);
        }

        @Override
        public void int4(int value) throws SQLException {
            insert.setInt(++column, value);
        }

        @Override
        public void int8(long value) throws SQLException {
            insert.setLong(++column, value);
        }

        @Override
        public void float8(double value) throws SQLException {
            insert.setDouble(++column, value);
        }

        @Override
        public void float8(Double value) throws SQLException {
            if (value == null) {
                insert.setNull(++column, Types.DOUBLE);
            } else {
                insert.setDouble(++column, value);
            }
        }

        @Override
        public void bool(boolean value) throws SQLException {
            insert.setBoolean(++column, value);
        }

        @Override
        public void numeric(BigDecimal value) throws SQLException {
            insert.setBigDecimal(++column, value);
        }

        @Override
        public void timestamptz(Instant value) throws SQLException {
            insert.setObject(++column, OffsetDateTime.ofInstant(value, ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        public void json(String value, boolean jsonb) throws SQLException {
            if (jsonb) {
                // untyped: PostgreSQL casts it to the column's jsonb
                insert.setObject(++column, value, Types.OTHER);
            } else {
                insert.setString(++column, value);
            }
        }

        @Override
        public void endRow() throws SQLException {
            insert.addBatch();
            column = 0;
            rows++;
        }
    }
}
