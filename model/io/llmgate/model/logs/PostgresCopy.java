package io.llmgate.model.logs;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads rows with PostgreSQL's {@code COPY ... FROM STDIN} (text format) instead of INSERT batches. The request log
 * is the gateway's hottest write; COPY skips the per-row statement parsing and parameter binding, which roughly
 * halves the CPU both the writer thread and the database spend per row.
 */
final class PostgresCopy {

    private PostgresCopy() {
    }

    static boolean supports(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    /** {@code columns} as written in the table's DDL, in the order of each row's values. */
    static void copy(Connection connection, String table, String columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Text text = new Text(rows.size() * 256);
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    text.put('\t');
                }
                text.append(row[c]);
            }
            text.put('\n');
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
        try {
            copy.writeToCopy(text.bytes, 0, text.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * COPY's text format, UTF-8 encoded straight into a byte array (the writer encodes a few hundred values per
     * request; going through a StringBuilder and String.getBytes cost several times more): {@code \N} for null,
     * backslash escapes for the separators. Times come as their ISO-8601 text (with offset), which PostgreSQL reads
     * as timestamptz.
     */
    static final class Text {

        private byte[] bytes;
        private int length;

        Text(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void append(Object value) {
            if (value == null) {
                put('\\');
                put('N');
            } else if (value instanceof Boolean b) {
                put(b ? 't' : 'f');
            } else if (value instanceof BigDecimal d) {
                ascii(d.toPlainString());
            } else if (value instanceof Number n) {
                ascii(n.toString());
            } else {
                text(value.toString());
            }
        }

        private void text(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch >= 0x20 && ch < 0x80 && ch != '\\') {
                    bytes[length++] = (byte) ch;
                } else {
                    special(s, i, ch);
                    if (pair(s, i)) {
                        i++;
                    }
                    ensure(n - i);
                }
            }
        }

        private void special(String s, int i, char ch) {
            switch (ch) {
                case '\\' -> escape('\\');
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\0' -> { } // PostgreSQL text cannot hold NUL
                default -> {
                    if (ch < 0x80) {
                        put(ch);
                    } else {
                        int end = pair(s, i) ? i + 2 : i + 1;
                        byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                        ensure(utf8.length);
                        System.arraycopy(utf8, 0, bytes, length, utf8.length);
                        length += utf8.length;
                    }
                }
            }
        }

        private static boolean pair(String s, int i) {
            return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
        }

        private void escape(char ch) {
            put('\\');
            put(ch);
        }

        private void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
        }

        void put(char ch) {
            ensure(1);
            bytes[length++] = (byte) ch;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
