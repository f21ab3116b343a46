package io.llmgate.model.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class PostgresCopyTest {

    private static String text(Object value) {
        PostgresCopy.Text out = new PostgresCopy.Text(4);
        out.append(value);
        return out.toString();
    }

    @Test
    void separatorsAndBackslashesAreEscaped() {
        assertThat(text("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(text("\\N")).isEqualTo("\\\\N"); // a literal backslash-N is text, not null
    }

    @Test
    void nullAndTypedValuesUseCopyTextFormat() {
        assertThat(text(null)).isEqualTo("\\N");
        assertThat(text(true)).isEqualTo("t");
        assertThat(text(false)).isEqualTo("f");
        assertThat(text(new BigDecimal("1E-7"))).isEqualTo("0.0000001");
        assertThat(text(42L)).isEqualTo("42");
        assertThat(text(OffsetDateTime.of(2026, 11, 25, 22, 0, 1, 5_000_000, ZoneOffset.UTC)))
                .isEqualTo("2026-11-25T22:00:01.005Z");
    }

    @Test
    void nonAsciiTextIsUtf8IncludingCharactersOutsideTheBasicPlane() {
        String text = "caf\u00e9 \u65e5\u672c \ud83d\ude80 ok\t" + "x".repeat(100);
        assertThat(text(text)).isEqualTo("caf\u00e9 \u65e5\u672c \ud83d\ude80 ok\\t" + "x".repeat(100));
        assertThat(text("\ud83d")).isEqualTo("?"); // a lone surrogate is not UTF-8: replaced, as String.getBytes does
        assertThat(text("\ud83dx")).isEqualTo("?x");
    }

    @Test
    void nulCharactersAreDroppedBecausePostgresTextCannotHoldThem() {
        assertThat(text("a\0b")).isEqualTo("ab");
    }
}
