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

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes batches of log entries, one transaction per batch: COPY on PostgreSQL (rows encoded as the writer gathers
 * them, {@link LogBatch}), JDBC batch inserts elsewhere, both filled by {@link RequestLogRows}. Metadata tags go
 * where {@link RequestLogSchema} says: inside the jsonb metadata column (PostgreSQL) or also as a row per tag.
 * Called by the writer only.
 */
@Component
public class RequestLogStore {

    private final JdbcTemplate jdbc;
    private final LogBodies bodies;
    private final RequestLogSchema schema;

    public RequestLogStore(JdbcTemplate jdbc, LogBodies bodies, RequestLogSchema schema) {
        this.jdbc = jdbc;
        this.bodies = bodies;
        this.schema = schema;
    }

    /**
     * A batch for the writer to gather entries in.
     *
     * @param keepEntries the entries themselves are needed after the write (sinks)
     * @param entriesHint about how many entries a batch holds
     */
    public LogBatch newBatch(boolean keepEntries, int entriesHint) {
        return new LogBatch(this, keepEntries, entriesHint);
    }

    /** Writes entries in one transaction. */
    public void insert(List<LogEntry> entries) {
        LogBatch batch = newBatch(false, entries.size());
        entries.forEach(batch::add);
        if (batch.unencodable() > 0) {
            throw new IllegalArgumentException("log entries cannot be encoded", batch.firstFailure());
        }
        write(batch);
    }

    /** Writes all of a batch in one transaction. */
    public void write(LogBatch batch) {
        batch.layout();
        write(batch, 0, batch.size());
    }

    /**
     * Writes a batch's entries {@code from} (inclusive) to {@code to} (exclusive) in one transaction.
     *
     * @throws org.springframework.dao.DataAccessException when the database cannot be reached or refuses the rows
     */
    public void write(LogBatch batch, int from, int to) {
        // a plain JDBC transaction: through the application's JPA transaction manager each batch opened a Hibernate
        // session and cost ~0.5 ms of CPU more (about a microsecond per logged request in batches of 500)
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (batch.copyRows() != null) {
                    batch.copyRows().copy(connection, from, to);
                } else {
                    insert(connection, batch.entries().subList(from, to));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("request log write failed: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the connection is gone: the database ends the transaction
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection; the pool discards it
        }
    }

    /** COPY buffers for a batch, or null when the database does not take COPY. */
    PostgresCopy.Buffer copyBuffer(int entriesHint) {
        return schema.copy() ? new PostgresCopy.Buffer(RequestLogRows.tables(schema.tagRows(), bodies), entriesHint)
                : null;
    }

    /** INSERT batches, table by table. */
    private void insert(Connection connection, List<LogEntry> entries) throws SQLException {
        for (RequestLogRows.TableRows table : RequestLogRows.tables(schema.tagRows(), bodies)) {
            try (PreparedStatement insert = connection.prepareStatement(table.table().insert())) {
                StatementRow row = new StatementRow(insert);
                for (LogEntry e : entries) {
                    table.rows().write(e, row);
                }
                if (row.rows > 0) {
                    insert.executeBatch();
                }
            }
        }
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
        public void json(Map<String, String> tags, boolean jsonb) throws SQLException {
            String value = RequestLogRows.metadataText(tags, jsonb);
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
