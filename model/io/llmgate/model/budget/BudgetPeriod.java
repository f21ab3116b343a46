package io.llmgate.model.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

import io.llmgate.model.governance.GovernanceException;

/**
 * How long a budget's spend accumulates before it starts again. Calendar periods start at UTC midnight, on
 * Mondays and on the first of the month; rolling periods are consecutive days, weeks or months counted from the
 * budget's anchor (its creation or last reset). {@code TOTAL} never resets.
 */
public enum BudgetPeriod {
    DAY, WEEK, MONTH, TOTAL;

    public enum Alignment { CALENDAR, ROLLING }

    /** A period: start inclusive, end exclusive (null for TOTAL). */
    public record Window(Instant start, Instant end) {
    }

    public static BudgetPeriod parse(String value) {
        if (value != null) {
            for (BudgetPeriod p : values()) {
                if (p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw GovernanceException.invalid("period", "'period' must be one of day, week, month, total");
    }

    public static Alignment parseAlignment(String value) {
        if (value == null) {
            return Alignment.CALENDAR;
        }
        for (Alignment a : Alignment.values()) {
            if (a.name().equalsIgnoreCase(value.trim())) {
                return a;
            }
        }
        throw GovernanceException.invalid("alignment", "'alignment' must be calendar or rolling");
    }

    public Window window(Alignment alignment, Instant anchor, Instant now) {
        if (this == TOTAL) {
            return new Window(Instant.EPOCH, null);
        }
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        if (alignment == Alignment.CALENDAR) {
            ZonedDateTime start = switch (this) {
                case DAY -> t.truncatedTo(ChronoUnit.DAYS);
                case WEEK -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                default -> throw new IllegalStateException();
            };
            ZonedDateTime end = switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                default -> start.plusMonths(1);
            };
            return new Window(start.toInstant(), end.toInstant());
        }
        ZonedDateTime a = anchor.atZone(ZoneOffset.UTC);
        if (now.isBefore(anchor)) {
            return new Window(anchor, step(a, 1).toInstant());
        }
        long n = switch (this) {
            case DAY -> Duration.between(anchor, now).toDays();
            case WEEK -> Duration.between(anchor, now).toDays() / 7;
            default -> ChronoUnit.MONTHS.between(a, t);
        };
        ZonedDateTime start = step(a, n);
        if (start.toInstant().isAfter(now)) {
            start = step(a, n - 1);
            n--;
        }
        return new Window(start.toInstant(), step(a, n + 1).toInstant());
    }

    private ZonedDateTime step(ZonedDateTime anchor, long n) {
        return switch (this) {
            case DAY -> anchor.plusDays(n);
            case WEEK -> anchor.plusWeeks(n);
            default -> anchor.plusMonths(n);
        };
    }
}
