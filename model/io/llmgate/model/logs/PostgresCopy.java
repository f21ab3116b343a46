package io.llmgate.model.logs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    private static void copy(Connection connection, RequestLogRows.Table table, byte[] rows, int offset, int length)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table.name() + " (" + table.columns() + ") FROM STDIN");
        try {
            copy.writeToCopy(rows, offset, length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * A batch's rows as COPY text, one buffer per table, and where each entry's rows end in each. Entries are encoded
     * as they arrive; any run of them can be written, so a batch the database refuses can be split. Reused from batch
     * to batch.
     */
    static final class Buffer {

        private static final int KEPT_BYTES = 4 << 20;

        private final List<RequestLogRows.TableRows> tables;
        private final Text[] texts;
        private final int initialBytes;
        private int[][] ends;
        private int entries;

        Buffer(List<RequestLogRows.TableRows> tables, int entriesHint) {
            this.tables = tables;
            int hint = Math.max(16, entriesHint);
            this.initialBytes = hint * 256;
            this.texts = new Text[tables.size()];
            this.ends = new int[tables.size()][hint];
            for (int t = 0; t < texts.length; t++) {
                texts[t] = new Text(initialBytes);
            }
        }

        /** Encodes an entry's rows in every table; when that fails, none of them stays. */
        void add(LogEntry e) throws SQLException {
            if (entries == ends[0].length) {
                for (int t = 0; t < ends.length; t++) {
                    ends[t] = Arrays.copyOf(ends[t], entries * 2);
                }
            }
            try {
                for (int t = 0; t < texts.length; t++) {
                    tables.get(t).rows().write(e, texts[t]);
                    ends[t][entries] = texts[t].length;
                }
            } catch (SQLException | RuntimeException failed) {
                for (int t = 0; t < texts.length; t++) {
                    texts[t].truncate(entries == 0 ? 0 : ends[t][entries - 1]);
                }
                throw failed;
            }
            entries++;
        }

        int size() {
            return entries;
        }

        /** COPY of the rows of entries {@code from} (inclusive) to {@code to} (exclusive), table by table. */
        void copy(Connection connection, int from, int to) throws SQLException {
            for (int t = 0; t < texts.length && to > from; t++) {
                int start = start(t, from);
                int end = start(t, to);
                if (end > start) {
                    PostgresCopy.copy(connection, tables.get(t).table(), texts[t].bytes, start, end - start);
                }
            }
        }

        /** Where the rows of entry {@code entry} begin in table {@code t}'s buffer (the end, for {@code size()}). */
        private int start(int t, int entry) {
            return entry == 0 ? 0 : ends[t][entry - 1];
        }

        /** The COPY text of entries {@code from} to {@code to} (exclusive) in table {@code t}. */
        String text(int t, int from, int to) {
            int start = start(t, from);
            return new String(texts[t].bytes, start, start(t, to) - start, StandardCharsets.UTF_8);
        }

        void clear() {
            entries = 0;
            for (int t = 0; t < texts.length; t++) {
                // a batch of large bodies does not keep its megabytes for good
                if (texts[t].bytes.length > KEPT_BYTES) {
                    texts[t] = new Text(initialBytes);
                }
                texts[t].truncate(0);
            }
        }
    }

    /**
     * COPY's text format, UTF-8 encoded straight into a byte array (the writer encodes a few dozen values per
     * request; going through a StringBuilder and String.getBytes cost several times more): {@code \N} for null,
     * backslash escapes for the separators, numbers and times written digit by digit without becoming strings.
     */
    static final class Text implements RowSink {

        private static final long[] POW10 = new long[19];

        static {
            POW10[0] = 1;
            for (int i = 1; i < POW10.length; i++) {
                POW10[i] = POW10[i - 1] * 10;
            }
        }

        private byte[] bytes;
        private int length;
        private boolean inRow;
        // the "yyyy-MM-dd HH:mm:ss" of the last second written: a batch's entries share a handful of seconds
        private long second = Long.MIN_VALUE;
        private final byte[] secondText = new byte[19];

        Text(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        /** Keeps the first {@code bytes} bytes (whole rows) and forgets the rest. */
        void truncate(int bytes) {
            length = bytes;
            inRow = false;
        }

        private void next() {
            if (inRow) {
                put('\t');
            }
            inRow = true;
        }

        @Override
        public void endRow() {
            put('\n');
            inRow = false;
        }

        private void nullValue() {
            put('\\');
            put('N');
        }

        @Override
        public void text(String value) {
            next();
            if (value == null) {
                nullValue();
            } else {
                escaped(value);
            }
        }

        /** The metadata as its column holds it, JSON text escaped for COPY like any other text. */
        @Override
        public void json(Map<String, String> tags, boolean jsonb) {
            text(RequestLogRows.metadataText(tags, jsonb));
        }

        @Override
        public void bool(boolean value) {
            next();
            put(value ? 't' : 'f');
        }

        @Override
        public void int4(int value) {
            int8(value);
        }

        @Override
        public void int8(long value) {
            next();
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            if (value < 0) {
                put('-');
                value = -value;
            }
            digits(value, 0);
        }

        @Override
        public void float8(Double value) {
            if (value == null) {
                next();
                nullValue();
            } else {
                float8(value.doubleValue());
            }
        }

        /** Latencies are whole microseconds in milliseconds (1.234): written as such, else as Double.toString. */
        @Override
        public void float8(double value) {
            next();
            double scaled = value * 1000;
            long thousandths = Math.round(scaled);
            if (Math.abs(scaled - thousandths) < 1e-6 && Math.abs(thousandths) < POW10[17]) {
                if (thousandths < 0) {
                    put('-');
                    thousandths = -thousandths;
                }
                digits(thousandths / 1000, 0);
                put('.');
                digits(thousandths % 1000, 3);
            } else {
                ascii(Double.toString(value));
            }
        }

        @Override
        public void numeric(BigDecimal value) {
            next();
            if (value == null) {
                nullValue();
                return;
            }
            int scale = value.scale();
            if (scale < 0 || scale > 18 || value.precision() > 18) {
                ascii(value.toPlainString());
                return;
            }
            long unscaled = value.unscaledValue().longValue();
            if (unscaled < 0) {
                put('-');
                unscaled = -unscaled;
            }
            digits(unscaled / POW10[scale], 0);
            if (scale > 0) {
                put('.');
                digits(unscaled % POW10[scale], scale);
            }
        }

        /** As {@code yyyy-MM-dd HH:mm:ss.nnnnnnnnn+00}; PostgreSQL rounds to its microseconds. */
        @Override
        public void timestamptz(Instant value) {
            next();
            long s = value.getEpochSecond();
            if (s != second) {
                LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
                if (t.getYear() < 1 || t.getYear() > 9999) {
                    ascii(value.toString());
                    return;
                }
                fill(secondText, 0, t.getYear(), 4);
                secondText[4] = '-';
                fill(secondText, 5, t.getMonthValue(), 2);
                secondText[7] = '-';
                fill(secondText, 8, t.getDayOfMonth(), 2);
                secondText[10] = ' ';
                fill(secondText, 11, t.getHour(), 2);
                secondText[13] = ':';
                fill(secondText, 14, t.getMinute(), 2);
                secondText[16] = ':';
                fill(secondText, 17, t.getSecond(), 2);
                second = s;
            }
            ensure(secondText.length + 13);
            System.arraycopy(secondText, 0, bytes, length, secondText.length);
            length += secondText.length;
            bytes[length++] = '.';
            fill(bytes, length, value.getNano(), 9);
            length += 9;
            bytes[length++] = '+';
            bytes[length++] = '0';
            bytes[length++] = '0';
        }

        private static void fill(byte[] into, int at, long value, int width) {
            for (int i = at + width - 1; i >= at; i--) {
                into[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
        }

        /** A non-negative number, left-padded with zeros to {@code width}. */
        private void digits(long value, int width) {
            int n = 1;
            while (n < 19 && value >= POW10[n]) {
                n++;
            }
            n = Math.max(n, width);
            ensure(n);
            fill(bytes, length, value, n);
            length += n;
        }

        /** Printable ASCII is copied as is; anything else goes through COPY's escapes. */
        private void escaped(String s) {
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

        private void put(char ch) {
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
