package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Where one row's values go, in column order, typed: a COPY text line ({@link PostgresCopy.Text}) or a prepared
 * statement's parameters. Typed calls instead of an {@code Object[]} per row: no boxing, and numbers and times are
 * written without first becoming strings.
 */
interface RowSink {

    /** Text, or null. */
    void text(String value) throws SQLException;

    void int4(int value) throws SQLException;

    void int8(long value) throws SQLException;

    void float8(double value) throws SQLException;

    /** A nullable float8. */
    void float8(Double value) throws SQLException;

    void bool(boolean value) throws SQLException;

    /** A numeric, or null. */
    void numeric(BigDecimal value) throws SQLException;

    void timestamptz(Instant value) throws SQLException;

    /**
     * Metadata tags as a JSON object of strings, null when there are none: for a jsonb column ({@code jsonb}), else
     * for a text column, cut to its width ({@link RequestLogRows#metadataText}).
     */
    void json(Map<String, String> tags, boolean jsonb) throws SQLException;

    /** After the last value of a row. */
    void endRow() throws SQLException;

    /** Writes a table's rows into a sink. */
    @FunctionalInterface
    interface Rows {
        void writeTo(RowSink sink) throws SQLException;
    }
}
