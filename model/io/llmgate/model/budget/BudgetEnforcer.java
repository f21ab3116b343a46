package io.llmgate.model.budget;

import io.llmgate.model.governance.SnakeCaseJson;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.governance.GovernanceCaches;
import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.model.governance.TimeConfig;
import io.llmgate.model.governance.UsageSubject;

/**
 * Keeps budgets from being overspent. Before a request goes upstream, {@link #reserve} checks every budget that
 * applies and holds its estimated cost (prompt estimate plus the max_tokens bound); once the request has ended,
 * {@link #settle} swaps the hold for the real cost (0 on failure). A request is refused when settled spend, the
 * holds of requests in flight and its own estimate together pass a limit, so spend can pass a limit only by what
 * requests in flight use beyond their estimates.
 *
 * <p>Accounts (budget, subject, period) live in memory and are loaded from {@code budget_spend} on first use;
 * settled spend is written there by {@link BudgetSpendWriter} (group commits) and read back after each write, so
 * several gateway nodes see each other's spend. {@link #settle}
 * returns a future that completes when the request's spend is committed, so the response can wait for it (at most
 * {@code gateway.budgets.spend-commit-wait}); a request answered without that is counted in
 * {@code llmgate.budget.spend.unconfirmed}.
 */
@Component
public class BudgetEnforcer implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetEnforcer.class);

    /** What the request was held for; settle or release it exactly once. */
    public static final class Reservation {
        static final Reservation NONE = new Reservation(List.of(), 0);

        private final List<Hold> holds;
        private final long createdNanos;
        private final AtomicBoolean done = new AtomicBoolean();

        Reservation(List<Hold> holds, long createdNanos) {
            this.holds = holds;
            this.createdNanos = createdNanos;
        }

        public boolean isEmpty() { return holds.isEmpty(); }

        public List<String> budgetIds() { return holds.stream().map(h -> h.rule.id()).toList(); }
    }

    record Hold(BudgetRule rule, Account account, long nanos, long tokens) {
    }

    record AccountKey(String budgetId, String subject, Instant periodStart) {
        /** Rows are updated in this order in a transaction, so two nodes' commits cannot deadlock. */
        static final Comparator<AccountKey> ORDER = Comparator.comparing(AccountKey::budgetId)
                .thenComparing(AccountKey::subject).thenComparing(AccountKey::periodStart);
    }

    static final class Account {
        final AccountKey key;
        final Instant periodEnd;
        long spentNanos;
        long spentTokens;
        long requests;
        long reservedNanos;
        long reservedTokens;
        long pendingNanos;
        long pendingTokens;
        long pendingRequests;
        long lastUsedNanos;
        /** Dropped from the map; a reserve that raced with the drop looks the account up again. */
        boolean retired;

        Account(AccountKey key, Instant periodEnd) {
            this.key = key;
            this.periodEnd = periodEnd;
        }
    }

    @SnakeCaseJson
    public record SubjectUsage(String subject, BigDecimal spentUsd, long spentTokens, BigDecimal reservedUsd,
                               long reservedTokens, long requests, List<Integer> alertsFired) {
    }

    @SnakeCaseJson
    public record BudgetUsage(String budgetId, Instant periodStart, Instant periodEnd, BigDecimal limitUsd,
                              Long limitTokens, List<SubjectUsage> subjects) {
    }

    private final PriceBook prices;
    private final JdbcTemplate jdbc;
    private final BudgetSpendWriter spendWriter;
    private final Clock clock;
    private final Ticker ticker;
    private final long reservationTtlNanos;
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final LoadingCache<String, List<BudgetRule>> rules;
    private final Map<AccountKey, Account> accounts = new ConcurrentHashMap<>();
    private final Set<Reservation> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> sweeps;
    /** Read at each settle, so the wait can be changed at run time (the benchmark alternates it). */
    private final GovernanceProperties.Budgets settings;
    private final Counter unconfirmedTimeout;
    private final AtomicLong lastWarnNanos = new AtomicLong(Long.MIN_VALUE);

    public BudgetEnforcer(BudgetRepository budgets, PriceBook prices, JdbcTemplate jdbc, TransactionTemplate tx,
                          BudgetSpendWriter spendWriter, GovernanceProperties properties, Clock clock, Ticker ticker,
                          TimeConfig.Scheduler scheduler, MeterRegistry meters) {
        this.prices = prices;
        this.jdbc = jdbc;
        this.spendWriter = spendWriter;
        this.clock = clock;
        this.ticker = ticker;
        this.scheduler = scheduler.executor();
        this.reservationTtlNanos = properties.getBudgets().getReservationTtl().toNanos();
        this.settings = properties.getBudgets();
        this.unconfirmedTimeout = BudgetSpendWriter.unconfirmed(meters, "timeout");
        this.rules = GovernanceCaches.loading(10_000, properties.getAuth().getCacheTtl(), ticker,
                ws -> tx.execute(s -> budgets.findByWorkspaceIdOrderByCreatedAt(ws).stream()
                        .filter(Budget::isEnabled).map(BudgetRule::of).toList()));
        this.sweeps = this.scheduler.scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
    }

    /** {@link #reserve(UsageSubject, String, String, long, long, int)} for one answer. */
    public Reservation reserve(UsageSubject subject, String provider, String model, long promptTokens,
                               long completionTokens) {
        return reserve(subject, provider, model, promptTokens, completionTokens, 1);
    }

    /**
     * Holds the estimated cost on every budget that applies to the subject.
     *
     * @param provider         provider, or null when not known yet
     * @param promptTokens     estimated prompt tokens
     * @param completionTokens completion tokens the request may produce at most (its max_tokens, or the default
     *                         hold, times choices); capped at what the model can produce (its max output tokens
     *                         from the price table, per choice)
     * @param choices          answers the request asks for (n)
     * @throws BudgetExceededException naming the first budget the request does not fit in; nothing stays held
     */
    public Reservation reserve(UsageSubject subject, String provider, String model, long promptTokens,
                               long completionTokens, int choices) {
        if (subject.workspaceId() == null) {
            return Reservation.NONE;
        }
        List<BudgetRule> applicable = rules.get(subject.workspaceId());
        if (applicable.isEmpty()) {
            return Reservation.NONE;
        }
        // a hold bigger than the model can ever answer refuses requests a budget still has room for
        OptionalLong maxOutput = model == null ? OptionalLong.empty() : prices.maxOutputTokens(provider, model);
        if (maxOutput.isPresent()) {
            completionTokens = Math.min(completionTokens, maxOutput.getAsLong() * Math.max(1, choices));
        }
        PriceBook.Price price = price(provider, model);
        long nanos = price.costNanos(promptTokens, completionTokens);
        long tokens = promptTokens + completionTokens;
        Estimate need = new Estimate(nanos, tokens, promptTokens, completionTokens, price);
        Instant now = clock.instant();
        List<Hold> holds = new ArrayList<>();
        for (BudgetRule rule : applicable) {
            String counter = subject.counterFor(rule.scopeType(), rule.scopeRef());
            if (counter == null) {
                continue;
            }
            BudgetPeriod.Window window = rule.period().window(rule.alignment(), rule.anchorAt(), now);
            Account account;
            String refusal;
            while (true) {
                account = account(rule.id(), counter, window);
                synchronized (account) {
                    if (account.retired) {
                        continue;
                    }
                    account.lastUsedNanos = ticker.read();
                    refusal = refusal(rule, account, need);
                    if (refusal == null) {
                        account.reservedNanos += nanos;
                        account.reservedTokens += tokens;
                    }
                    break;
                }
            }
            if (refusal != null) {
                release(new Reservation(holds, 0));
                throw new BudgetExceededException(rule.id(), refusal, window.end() == null ? null
                        : Math.max(1, (window.end().toEpochMilli() - now.toEpochMilli() + 999) / 1000));
            }
            holds.add(new Hold(rule, account, nanos, tokens));
        }
        if (holds.isEmpty()) {
            return Reservation.NONE;
        }
        Reservation r = new Reservation(List.copyOf(holds), ticker.read());
        live.add(r);
        return r;
    }

    /** What one request is held for, and how that was worked out (for the refusal message). */
    private record Estimate(long nanos, long tokens, long promptTokens, long completionTokens, PriceBook.Price price) {
    }

    /**
     * Null when the request fits; else the message of the 429: spent, held by requests in flight and remaining
     * apart, and what this request needs, so a refusal at a low percentage of spend explains itself.
     */
    private static String refusal(BudgetRule rule, Account a, Estimate need) {
        Long usd = rule.limitUsdNanos();
        if (usd != null && (a.spentNanos + a.reservedNanos >= usd
                || a.spentNanos + a.reservedNanos + need.nanos > usd)) {
            long remaining = Math.max(0, usd - a.spentNanos - a.reservedNanos);
            return "Budget " + rule.describe() + (remaining == 0 ? " is exhausted: " : " has too little left: ")
                    + Money.format(a.spentNanos) + " spent, " + Money.format(a.reservedNanos)
                    + " held by requests in flight, " + Money.format(remaining) + " remaining of "
                    + Money.format(usd) + "; this request needs up to " + Money.format(need.nanos) + " ("
                    + need.promptTokens + " prompt tokens at " + perMillion(need.price.inputPerMillion()) + " + "
                    + need.completionTokens + " output tokens at " + perMillion(need.price.outputPerMillion())
                    + ")" + resets(a) + hint(remaining);
        }
        Long lim = rule.limitTokens();
        if (lim != null && (a.spentTokens + a.reservedTokens >= lim
                || a.spentTokens + a.reservedTokens + need.tokens > lim)) {
            long remaining = Math.max(0, lim - a.spentTokens - a.reservedTokens);
            return "Budget " + rule.describe() + (remaining == 0 ? " is exhausted: " : " has too little left: ")
                    + a.spentTokens + " tokens spent, " + a.reservedTokens + " held by requests in flight, "
                    + remaining + " remaining of " + lim + "; this request needs up to " + need.tokens + " tokens ("
                    + need.promptTokens + " prompt + " + need.completionTokens + " output)" + resets(a)
                    + hint(remaining);
        }
        return null;
    }

    private static String hint(long remaining) {
        return remaining > 0 ? " A lower max_tokens makes the request need less." : "";
    }

    private static String perMillion(BigDecimal usd) {
        return "$" + usd.stripTrailingZeros().toPlainString() + "/1M";
    }

    private static String resets(Account a) {
        return a.periodEnd == null ? "." : ". It resets at " + a.periodEnd + ".";
    }

    /**
     * Replaces the holds by the real cost of the request (usage 0 releases them). Idempotent.
     *
     * @return completes when the spend is committed to the database (at once when there is nothing to write), or
     *         after {@code gateway.budgets.spend-commit-wait} without it (logged and counted); never fails
     */
    public CompletableFuture<Void> settle(Reservation r, String provider, String model, long promptTokens,
                                          long completionTokens) {
        if (r == null || r.holds.isEmpty() || !r.done.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        live.remove(r);
        long nanos = promptTokens + completionTokens == 0 ? 0
                : price(provider, model).costNanos(promptTokens, completionTokens);
        long tokens = promptTokens + completionTokens;
        List<Account> charged = new ArrayList<>();
        List<BudgetSpendWriter.Alert> alerts = new ArrayList<>();
        for (Hold h : r.holds) {
            Account a = h.account;
            synchronized (a) {
                a.reservedNanos -= h.nanos;
                a.reservedTokens -= h.tokens;
                if (tokens == 0) {
                    continue;
                }
                double beforePct = percent(h.rule, a.spentNanos, a.spentTokens);
                a.spentNanos += nanos;
                a.spentTokens += tokens;
                a.requests++;
                a.pendingNanos += nanos;
                a.pendingTokens += tokens;
                a.pendingRequests++;
                double afterPct = percent(h.rule, a.spentNanos, a.spentTokens);
                for (int t : h.rule.alertThresholds()) {
                    if (beforePct < t && afterPct >= t) {
                        alerts.add(new BudgetSpendWriter.Alert(h.rule, a, t, a.spentNanos, a.spentTokens));
                    }
                }
            }
            charged.add(a);
        }
        if (charged.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> committed = spendWriter.spend(List.copyOf(charged), nanos, tokens);
        alerts.forEach(spendWriter::alert); // after the spend: the alert's total is then in the database too
        return bounded(committed);
    }

    /** The commit, or at most the configured wait: a response must not hang on a database that does not answer. */
    private CompletableFuture<Void> bounded(CompletableFuture<Void> committed) {
        Duration commitWait = settings.getSpendCommitWait();
        if (commitWait == null || commitWait.isZero() || commitWait.isNegative()) {
            return CompletableFuture.completedFuture(null); // configured not to wait: written in the background
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            if (answer.complete(null)) {
                unconfirmedTimeout.increment();
                warn("a response went out before its budget spend was committed: the commit took longer than {}",
                        commitWait);
            }
        }, commitWait.toNanos(), TimeUnit.NANOSECONDS);
        committed.whenComplete((v, e) -> {
            timeout.cancel(false);
            answer.complete(null);
        });
        return answer;
    }

    /** Warns at most every 10 s: a database outage must not become one log line per request. */
    private void warn(String message, Object arg) {
        long now = ticker.read();
        long last = lastWarnNanos.get();
        if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && lastWarnNanos.compareAndSet(last, now)) {
            LOG.warn(message + " (llmgate.budget.spend.unconfirmed counts them)", arg);
        }
    }

    /** Releases the holds of a request that used nothing. */
    public void release(Reservation r) {
        if (r == null || r.holds.isEmpty()) {
            return;
        }
        if (r.createdNanos == 0) { // partial reservation being undone inside reserve()
            for (Hold h : r.holds) {
                synchronized (h.account) {
                    h.account.reservedNanos -= h.nanos;
                    h.account.reservedTokens -= h.tokens;
                }
            }
            return;
        }
        settle(r, null, null, 0, 0);
    }

    private static double percent(BudgetRule rule, long nanos, long tokens) {
        double p = 0;
        if (rule.limitUsdNanos() != null && rule.limitUsdNanos() > 0) {
            p = Math.max(p, 100.0 * nanos / rule.limitUsdNanos());
        }
        if (rule.limitTokens() != null && rule.limitTokens() > 0) {
            p = Math.max(p, 100.0 * tokens / rule.limitTokens());
        }
        return p;
    }

    private PriceBook.Price price(String provider, String model) {
        return prices.price(provider, model).orElse(PriceBook.Price.FREE);
    }

    /** Forgets the cached budgets of a workspace (after a change). */
    public void invalidate(String workspaceId) {
        rules.invalidate(workspaceId);
    }

    // ---- accounts and persistence ----

    private Account account(String budgetId, String subject, BudgetPeriod.Window window) {
        AccountKey key = new AccountKey(budgetId, subject, window.start().truncatedTo(ChronoUnit.MICROS));
        Account a = accounts.get(key);
        if (a != null) {
            return a;
        }
        Account loaded = new Account(key, window.end());
        loaded.lastUsedNanos = ticker.read();
        jdbc.query("SELECT spent_usd_nanos, spent_tokens, request_count FROM budget_spend "
                        + "WHERE budget_id = ? AND subject = ? AND period_start = ?",
                rs -> {
                    loaded.spentNanos = rs.getLong(1);
                    loaded.spentTokens = rs.getLong(2);
                    loaded.requests = rs.getLong(3);
                }, budgetId, subject, ts(key.periodStart()));
        Account raced = accounts.putIfAbsent(key, loaded);
        return raced != null ? raced : loaded;
    }

    /** Waits until settled spend is written to the database. */
    public void flush() {
        spendWriter.flush();
    }

    /** Forgets every in-memory account (they reload from the database), as after a restart. For tests. */
    public void forgetAccounts() {
        flush();
        accounts.clear();
        rules.invalidateAll();
    }

    private void sweep() {
        try {
            long now = ticker.read();
            for (Reservation r : live) {
                if (now - r.createdNanos > reservationTtlNanos) {
                    LOG.warn("releasing a budget reservation that was never settled (budgets {})", r.budgetIds());
                    release(r);
                }
            }
            // accounts of ended periods, and idle ones (they reload from the database when used again)
            Instant t = clock.instant();
            accounts.values().removeIf(a -> {
                synchronized (a) {
                    boolean idle = a.reservedNanos == 0 && a.reservedTokens == 0 && a.pendingRequests == 0;
                    boolean drop = idle && ((a.periodEnd != null && !t.isBefore(a.periodEnd))
                            || now - a.lastUsedNanos > IDLE_NANOS);
                    a.retired = drop;
                    return drop;
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("budget sweep failed", e);
        }
    }

    // ---- reading ----

    /** Spend of the current period, per subject (one subject "" unless the budget counts each key/user). */
    public BudgetUsage usage(BudgetRule rule) {
        BudgetPeriod.Window window = rule.period().window(rule.alignment(), rule.anchorAt(), clock.instant());
        Instant start = window.start().truncatedTo(ChronoUnit.MICROS);
        Map<String, long[]> bySubject = new TreeMap<>();
        jdbc.query("SELECT subject, spent_usd_nanos, spent_tokens, request_count FROM budget_spend "
                + "WHERE budget_id = ? AND period_start = ?", rs -> {
                    bySubject.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), 0, 0, rs.getLong(4)});
                }, rule.id(), ts(start));
        accounts.forEach((k, a) -> {
            if (k.budgetId().equals(rule.id()) && k.periodStart().equals(start)) {
                synchronized (a) {
                    bySubject.put(k.subject(), new long[] {a.spentNanos, a.spentTokens, a.reservedNanos,
                            a.reservedTokens, a.requests});
                }
            }
        });
        Map<String, List<Integer>> alerts = new TreeMap<>();
        jdbc.query("SELECT subject, threshold_pct FROM budget_alert WHERE budget_id = ? AND period_start = ?",
                rs -> {
                    alerts.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getInt(2));
                }, rule.id(), ts(start));
        if (bySubject.isEmpty() && !"*".equals(rule.scopeRef())) {
            bySubject.put("", new long[5]);
        }
        List<SubjectUsage> subjects = bySubject.entrySet().stream().map(e -> new SubjectUsage(e.getKey(),
                Money.toUsd(e.getValue()[0]), e.getValue()[1], Money.toUsd(e.getValue()[2]), e.getValue()[3],
                e.getValue()[4], alerts.getOrDefault(e.getKey(), List.of()).stream().sorted().toList()))
                .sorted(Comparator.comparing(SubjectUsage::subject)).toList();
        return new BudgetUsage(rule.id(), window.start(), window.end(),
                rule.limitUsdNanos() == null ? null : Money.toUsd(rule.limitUsdNanos()), rule.limitTokens(), subjects);
    }

    static Object ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public void destroy() {
        sweeps.cancel(false);
        flush();
    }

}
