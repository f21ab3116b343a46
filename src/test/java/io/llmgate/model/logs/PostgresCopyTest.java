package io.llmgate.model.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class PostgresCopyTest {

    private interface Value {
        void write(PostgresCopy.Text out) throws SQLException;
    }

    private static String copyText(Value value) throws SQLException {
        PostgresCopy.Text out = new PostgresCopy.Text(4);
        value.write(out);
        return out.toString();
    }

    private static String text(String value) throws SQLException {
        return copyText(out -> out.text(value));
    }

    @Test
    void separatorsAndBackslashesAreEscaped() throws SQLException {
        assertThat(text("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(text("\\N")).isEqualTo("\\\\N"); // a literal backslash-N is text, not null
    }

    @Test
    void valuesOfARowAreTabSeparatedAndTheRowEndsWithANewline() throws SQLException {
        assertThat(copyText(out -> {
            out.text("a");
            out.text(null);
            out.int4(7);
            out.endRow();
            out.bool(true);
            out.endRow();
        })).isEqualTo("a\t\\N\t7\nt\n");
    }

    @Test
    void nullAndTypedValuesUseCopyTextFormat() throws SQLException {
        assertThat(copyText(out -> out.float8((Double) null))).isEqualTo("\\N");
        assertThat(copyText(out -> out.numeric(null))).isEqualTo("\\N");
        assertThat(copyText(out -> out.bool(false))).isEqualTo("f");
        assertThat(copyText(out -> out.int8(42L))).isEqualTo("42");
        assertThat(copyText(out -> out.int8(-9_000_000_000L))).isEqualTo("-9000000000");
        assertThat(copyText(out -> out.int8(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(copyText(out -> out.int4(0))).isEqualTo("0");
    }

    @Test
    void decimalsAreWrittenInFullWithoutExponent() throws SQLException {
        assertThat(copyText(out -> out.numeric(new BigDecimal("1E-7")))).isEqualTo("0.0000001");
        assertThat(copyText(out -> out.numeric(new BigDecimal("0.0002400000")))).isEqualTo("0.0002400000");
        assertThat(copyText(out -> out.numeric(new BigDecimal("-12.5")))).isEqualTo("-12.5");
        assertThat(copyText(out -> out.numeric(new BigDecimal("1E+3")))).isEqualTo("1000");
        assertThat(copyText(out -> out.numeric(new BigDecimal("123456789012345678901234.5"))))
                .isEqualTo("123456789012345678901234.5");
    }

    @Test
    void millisecondsKeepTheirMicrosecondsAndOtherDoublesTheirJavaText() throws SQLException {
        assertThat(copyText(out -> out.float8(1.2))).isEqualTo("1.200");
        assertThat(copyText(out -> out.float8(0.001))).isEqualTo("0.001");
        assertThat(copyText(out -> out.float8(12345.678))).isEqualTo("12345.678");
        assertThat(copyText(out -> out.float8(-3.5))).isEqualTo("-3.500");
        assertThat(copyText(out -> out.float8(0.0001234))).isEqualTo("1.234E-4");
        assertThat(copyText(out -> out.float8(Double.NaN))).isEqualTo("NaN");
        assertThat(Double.parseDouble("1.200")).isEqualTo(1.2);
    }

    @Test
    void timesAreUtcWithNanoseconds() throws SQLException {
        assertThat(copyText(out -> out.timestamptz(Instant.parse("2026-11-25T22:00:01.005Z"))))
                .isEqualTo("2026-11-25 22:00:01.005000000+00");
        // the cached second is not reused for the next one
        assertThat(copyText(out -> {
            out.timestamptz(Instant.parse("2026-12-31T23:59:59.999999999Z"));
            out.timestamptz(Instant.parse("2027-01-01T00:00:00Z"));
        })).isEqualTo("2026-12-31 23:59:59.999999999+00\t2027-01-01 00:00:00.000000000+00");
    }

    @Test
    void nonAsciiTextIsUtf8IncludingCharactersOutsideTheBasicPlane() throws SQLException {
        String text = "caf\u00e9 \u65e5\u672c \ud83d\ude80 ok\t" + "x".repeat(100);
        assertThat(text(text)).isEqualTo("caf\u00e9 \u65e5\u672c \ud83d\ude80 ok\\t" + "x".repeat(100));
        assertThat(text("\ud83d")).isEqualTo("?"); // a lone surrogate is not UTF-8: replaced, as String.getBytes does
        assertThat(text("\ud83dx")).isEqualTo("?x");
    }

    @Test
    void nulCharactersAreDroppedBecausePostgresTextCannotHoldThem() throws SQLException {
        assertThat(text("a\0b")).isEqualTo("ab");
    }

    @Test
    void metadataJsonIsWhatJacksonReadsBackWithNulReplaced() throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("user", "a\"b\\c\nd\te\u0001f\0g \u00e9 \ud83d\ude80");
        tags.put("team", "ml");
        String json = RequestLogRows.json(tags);
        Map<?, ?> back = new ObjectMapper().readValue(json, Map.class);
        assertThat(back).isEqualTo(Map.of("user", "a\"b\\c\nd\te\u0001f\uFFFDg \u00e9 \ud83d\ude80", "team", "ml"));
        assertThat(RequestLogRows.json(Map.of())).isEqualTo("{}");
    }

    /** The jsonb column is written straight into the line: the same bytes as the JSON string written as text. */
    @Test
    void metadataWrittenAsJsonbIsTheJsonTextEscapedForCopy() throws SQLException {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("user", "a\"b\\c\nd\te\rf\u0001g\u001fh\0i \u00e9 \ud83d\ude80 \ud83d lone\u007f");
        tags.put("k\"ey\\", null);
        tags.put("team", "ml");
        String json = RequestLogRows.json(tags);
        assertThat(copyText(out -> out.json(tags, true))).isEqualTo(text(json));
        assertThat(copyText(out -> {
            out.json(Map.of(), true);
            out.json(tags, false);
        })).isEqualTo("\\N\t" + text(json)); // no tags: null; text column: the JSON as text
        Map<String, String> wide = Map.of("k", "v".repeat(5000));
        assertThat(copyText(out -> out.json(wide, false))).hasSize(4000);
    }

    /**
     * A batch's buffer: each entry's rows in each table can be taken as a run (a refused batch is split that way),
     * past the entries it was sized for, and an entry whose rows fail half-way leaves no partial row behind.
     */
    @Test
    void aBatchBufferKeepsWholeRowsPerEntryAndTakesRunsOfEntries() throws SQLException {
        RequestLogRows.Table names = new RequestLogRows.Table("names", "name");
        RequestLogRows.Table letters = new RequestLogRows.Table("letters", "name, letter");
        PostgresCopy.Buffer buffer = new PostgresCopy.Buffer(List.of(
                new RequestLogRows.TableRows(names, (e, row) -> {
                    row.text(e.requestId());
                    row.endRow();
                }),
                new RequestLogRows.TableRows(letters, (e, row) -> {
                    for (char c : e.requestId().toCharArray()) {
                        row.text(e.requestId());
                        if (c == '!') {
                            throw new IllegalStateException("cannot encode " + e.requestId());
                        }
                        row.text(String.valueOf(c));
                        row.endRow();
                    }
                })), 1);
        for (String name : List.of("ab", "c", "", "de")) {
            buffer.add(entry(name));
        }
        assertThatThrownBy(() -> buffer.add(entry("f!"))).hasMessageContaining("cannot encode f!");
        buffer.add(entry("g"));
        for (int i = 0; i < 20; i++) {
            buffer.add(entry("h" + i));
        }

        assertThat(buffer.size()).isEqualTo(25);
        assertThat(buffer.text(0, 0, 2)).isEqualTo("ab\nc\n");
        assertThat(buffer.text(1, 0, 2)).isEqualTo("ab\ta\nab\tb\nc\tc\n");
        assertThat(buffer.text(1, 2, 3)).isEmpty(); // "" has a name row but no letter rows
        assertThat(buffer.text(0, 3, 5)).isEqualTo("de\ng\n");
        assertThat(buffer.text(1, 3, 5)).isEqualTo("de\td\nde\te\ng\tg\n");
        assertThat(buffer.text(0, 24, 25)).isEqualTo("h19\n");

        buffer.clear();
        buffer.add(entry("z"));
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.text(1, 0, 1)).isEqualTo("z\tz\n");
    }

    private static LogEntry entry(String requestId) {
        return new LogEntry("id", requestId, null, Instant.EPOCH, null, null, null, null, null, null, null, null,
                null, 200, null, null, null, false, false, 0, 0, null, null, 0, 0, 0, false, null, Map.of(),
                List.of(), null, null);
    }
}
