package io.llmgate.model.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.budget.BudgetEnforcer.Account;
import io.llmgate.model.budget.BudgetEnforcer.AccountKey;
import io.llmgate.model.writer.BatchWriter;

/**
 * Writes settled budget spend and budget alerts to the database, in the background. Commits are group-wise: what
 * was settled while the previous commit ran goes into the next transaction (one {@link BatchWriter} batch), so a
 * commit is shared by concurrent requests instead of paid by each. After the commit, each account is read back so
 * this node sees what other nodes spent.
 */
@Component
public class BudgetSpendWriter implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetSpendWriter.class);

    /** Most queued items one transaction takes (spend of this many requests at most). */
    private static final int MAX_BATCH = 500;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    /** What the writer does: spend (grouped into one transaction per batch) and alerts. */
    sealed interface Work {
    }

    /** One request's cost on each account it was charged to; {@code committed} completes once it is written. */
    record Spend(List<Account> accounts, long nanos, long tokens, CompletableFuture<Void> committed)
            implements Work {
    }

    record Alert(BudgetRule rule, Account account, int threshold, long spentNanos, long spentTokens)
            implements Work {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditService audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Counter unconfirmedFailed;
    private final BatchWriter<Work> writer;

    public BudgetSpendWriter(JdbcTemplate jdbc, TransactionTemplate tx, AuditService audit,
                             ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.unconfirmedFailed = unconfirmed(meters, "failed");
        // spend is never dropped: the queue is unbounded as before, a request only waits for its commit (bounded)
        this.writer = new BatchWriter<>("budget", Integer.MAX_VALUE, MAX_BATCH, this::write,
                BatchWriter.daemonThread("budget-writer"), meters);
    }

    static Counter unconfirmed(MeterRegistry meters, String reason) {
        return Counter.builder("llmgate.budget.spend.unconfirmed")
                .description("Requests answered before their budget spend was committed, by reason")
                .tag("reason", reason).register(meters);
    }

    /** Queues one request's spend; the future completes when it is committed (or could not be). */
    CompletableFuture<Void> spend(List<Account> accounts, long nanos, long tokens) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (!writer.put(new Spend(accounts, nanos, tokens, committed))) {
            unconfirmedFailed.increment(); // shutting down: kept in memory only
            committed.complete(null);
        }
        return committed;
    }

    /** Queues an alert; written after the spend queued before it. */
    void alert(Alert alert) {
        writer.put(alert);
    }

    /** Waits until what is queued is written to the database. */
    public void flush() {
        writer.flush(FLUSH_WAIT);
    }

    /** One transaction for the spend of the whole batch, then its alerts. */
    private void write(List<Work> batch) throws InterruptedException {
        Map<Account, long[]> deltas = new IdentityHashMap<>();
        List<Spend> spends = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (Work w : batch) {
            if (w instanceof Spend s) {
                spends.add(s);
                for (Account a : s.accounts()) {
                    long[] d = deltas.computeIfAbsent(a, x -> new long[3]);
                    d[0] += s.nanos();
                    d[1] += s.tokens();
                    d[2]++;
                }
            } else if (w instanceof Alert a) {
                alerts.add(a);
            }
        }
        if (!spends.isEmpty()) {
            List<Map.Entry<Account, long[]>> rows = new ArrayList<>(deltas.entrySet());
            rows.sort(Map.Entry.comparingByKey(Comparator.comparing(a -> a.key, AccountKey.ORDER)));
            Object now = BudgetEnforcer.ts(clock.instant());
            boolean saved = retried("budget spend of " + spends.size() + " requests", () -> tx.executeWithoutResult(
                    s -> rows.forEach(e -> add(e.getKey().key, e.getValue(), now))));
            if (!saved) {
                unconfirmedFailed.increment(spends.size()); // kept in memory only: lost at a restart
            }
            spends.forEach(s -> s.committed().complete(null)); // the responses waiting for it go out
            if (saved) {
                for (Map.Entry<Account, long[]> e : rows) {
                    try {
                        reload(e.getKey(), e.getValue());
                    } catch (RuntimeException ex) {
                        LOG.warn("could not read budget spend back; it is written", ex);
                    }
                }
            }
        }
        for (Alert a : alerts) {
            retried("budget alert", () -> alert(a.rule(), a.account(), a.threshold(), a.spentNanos(),
                    a.spentTokens()));
        }
    }

    /** Adds one account's share of a batch to its row (inside the batch's transaction). */
    private void add(AccountKey k, long[] delta, Object now) {
        int updated = jdbc.update("UPDATE budget_spend SET spent_usd_nanos = spent_usd_nanos + ?, "
                        + "spent_tokens = spent_tokens + ?, request_count = request_count + ?, updated_at = ? "
                        + "WHERE budget_id = ? AND subject = ? AND period_start = ?",
                delta[0], delta[1], delta[2], now, k.budgetId(), k.subject(), BudgetEnforcer.ts(k.periodStart()));
        if (updated == 0) {
            jdbc.update("INSERT INTO budget_spend (budget_id, subject, period_start, spent_usd_nanos, "
                            + "spent_tokens, request_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    k.budgetId(), k.subject(), BudgetEnforcer.ts(k.periodStart()), delta[0], delta[1], delta[2],
                    now);
        }
    }

    /** After the commit: the database total includes what other nodes settled. */
    private void reload(Account a, long[] delta) {
        AccountKey k = a.key;
        long[] db = new long[3];
        jdbc.query("SELECT spent_usd_nanos, spent_tokens, request_count FROM budget_spend "
                        + "WHERE budget_id = ? AND subject = ? AND period_start = ?",
                rs -> {
                    db[0] = rs.getLong(1);
                    db[1] = rs.getLong(2);
                    db[2] = rs.getLong(3);
                }, k.budgetId(), k.subject(), BudgetEnforcer.ts(k.periodStart()));
        synchronized (a) {
            a.pendingNanos -= delta[0];
            a.pendingTokens -= delta[1];
            a.pendingRequests -= delta[2];
            a.spentNanos = db[0] + a.pendingNanos;
            a.spentTokens = db[1] + a.pendingTokens;
            a.requests = db[2] + a.pendingRequests;
        }
    }

    private void alert(BudgetRule rule, Account a, int threshold, long spentNanos, long spentTokens) {
        try {
            tx.executeWithoutResult(s -> {
                jdbc.update("INSERT INTO budget_alert (budget_id, subject, period_start, threshold_pct, fired_at) "
                        + "VALUES (?, ?, ?, ?, ?)", rule.id(), a.key.subject(), BudgetEnforcer.ts(a.key.periodStart()),
                        threshold, BudgetEnforcer.ts(clock.instant()));
                String detail = "budget " + rule.describe() + (a.key.subject().isEmpty() ? "" : " for '"
                        + a.key.subject() + "'") + " reached " + threshold + "%: "
                        + (rule.limitUsdNanos() != null ? Money.format(spentNanos) + " of "
                        + Money.format(rule.limitUsdNanos()) : "")
                        + (rule.limitTokens() != null ? (rule.limitUsdNanos() != null ? ", " : "") + spentTokens
                        + " of " + rule.limitTokens() + " tokens" : "");
                audit.recordSystem("budget.alert", rule.workspaceId(), "budget", rule.id(), detail);
                LOG.warn(detail);
            });
        } catch (DataIntegrityViolationException duplicate) {
            return; // fired already (another node, or before a restart)
        }
        events.publishEvent(new BudgetAlertEvent(rule.id(), rule.workspaceId(), rule.name(), a.key.subject(),
                threshold, spentNanos, rule.limitUsdNanos(), spentTokens, rule.limitTokens(), a.key.periodStart()));
    }

    /** Up to 3 attempts (a transaction that fails is rolled back, so trying again adds nothing twice). */
    private static boolean retried(String what, Runnable work) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return true;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    LOG.error("{} could not be saved after {} attempts", what, attempt, e);
                    return false;
                }
                Thread.sleep(500L * attempt);
            }
        }
    }

    @Override
    public void destroy() {
        writer.close(FLUSH_WAIT);
    }
}
