package io.llmgate.model.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.llmgate.model.budget.BudgetPeriod.Alignment;
import io.llmgate.model.budget.BudgetPeriod.Window;

class BudgetPeriodTest {

    static final Instant NOW = Instant.parse("2026-03-18T15:30:00Z"); // a Wednesday

    @Test
    void calendarPeriodsFollowTheUtcCalendar() {
        assertThat(BudgetPeriod.DAY.window(Alignment.CALENDAR, NOW, NOW))
                .isEqualTo(new Window(Instant.parse("2026-03-18T00:00:00Z"), Instant.parse("2026-03-19T00:00:00Z")));
        assertThat(BudgetPeriod.WEEK.window(Alignment.CALENDAR, NOW, NOW))
                .isEqualTo(new Window(Instant.parse("2026-03-16T00:00:00Z"), Instant.parse("2026-03-23T00:00:00Z")));
        assertThat(BudgetPeriod.MONTH.window(Alignment.CALENDAR, NOW, NOW))
                .isEqualTo(new Window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")));
        assertThat(BudgetPeriod.TOTAL.window(Alignment.CALENDAR, NOW, NOW).end()).isNull();
    }

    @Test
    void rollingPeriodsCountFromTheAnchor() {
        Instant anchor = Instant.parse("2026-01-31T10:00:00Z");
        assertThat(BudgetPeriod.DAY.window(Alignment.ROLLING, anchor, NOW))
                .isEqualTo(new Window(Instant.parse("2026-03-18T10:00:00Z"), Instant.parse("2026-03-19T10:00:00Z")));
        assertThat(BudgetPeriod.WEEK.window(Alignment.ROLLING, anchor, NOW))
                .isEqualTo(new Window(Instant.parse("2026-03-14T10:00:00Z"), Instant.parse("2026-03-21T10:00:00Z")));
        // months from Jan 31: Feb 28, Mar 31 (java.time clamps the day)
        assertThat(BudgetPeriod.MONTH.window(Alignment.ROLLING, anchor, NOW))
                .isEqualTo(new Window(Instant.parse("2026-02-28T10:00:00Z"), Instant.parse("2026-03-31T10:00:00Z")));
        Window exact = BudgetPeriod.DAY.window(Alignment.ROLLING, anchor, Instant.parse("2026-02-01T10:00:00Z"));
        assertThat(exact.start()).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    }

    @Test
    void pricesAreExactInNanoDollars() {
        PriceBook.Price p = new PriceBook.Price(new java.math.BigDecimal("0.15"), new java.math.BigDecimal("0.60"));
        assertThat(p.costNanos(1_000_000, 0)).isEqualTo(150_000_000L);
        assertThat(p.costNanos(1, 1)).isEqualTo(750L);
        assertThat(Money.toUsd(750)).isEqualByComparingTo("0.00000075");
        assertThat(Money.format(48_000_000)).isEqualTo("$0.0480");
    }
}
