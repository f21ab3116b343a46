package io.llmgate.model.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD amounts are kept as nano-dollars (1e-9 USD) in longs: exact sums, atomic SQL increments. */
public final class Money {

    public static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private Money() {
    }

    public static long toNanos(BigDecimal usd) {
        return usd.multiply(NANOS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public static BigDecimal toUsd(long nanos) {
        return BigDecimal.valueOf(nanos).divide(NANOS_PER_USD).stripTrailingZeros();
    }

    /** For messages: $1.2345 (4 decimals, more when smaller than a hundredth of a cent). */
    public static String format(long nanos) {
        BigDecimal usd = BigDecimal.valueOf(nanos).divide(NANOS_PER_USD);
        int scale = nanos != 0 && Math.abs(nanos) < 100_000 ? 9 : 4;
        return "$" + usd.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
