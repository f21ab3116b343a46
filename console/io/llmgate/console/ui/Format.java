package io.llmgate.console.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.web.util.HtmlUtils;

/** How the console writes times, money and numbers (UTC everywhere, like the logs). */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String time(Object t) {
        if (t instanceof Instant i) {
            return TIME.format(i);
        }
        return t == null ? "" : String.valueOf(t);
    }

    public static String usd(Object v) {
        if (v == null) {
            return "—";
        }
        BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(v));
        int scale = d.abs().compareTo(BigDecimal.ONE) >= 0 ? 2 : 6;
        return "$" + d.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    public static String ms(Object v) {
        if (!(v instanceof Number n)) {
            return "—";
        }
        return n.doubleValue() >= 100 ? Math.round(n.doubleValue()) + " ms"
                : String.format("%.1f ms", n.doubleValue());
    }

    public static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    /**
     * An entity by its name, with the end of its id to tell apart two of the same name ("support bot (…3f9a2c)");
     * the id alone when there is no name, "(none)" when there is neither.
     */
    public static String named(String name, String id) {
        if (id == null || id.isBlank()) {
            return name == null || name.isBlank() ? "(none)" : name;
        }
        if (name == null || name.isBlank()) {
            return id;
        }
        return name + " (…" + (id.length() > 6 ? id.substring(id.length() - 6) : id) + ")";
    }

    /**
     * Escapes text for SVG/HTML. UTF-8 mode escapes only {@code & < > " '}: SVG is XML, which knows no other named
     * entities (the default mode would write {@code &eacute;}).
     */
    public static String escape(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
