package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.llmgate.support.ChatJson;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/**
 * A 2xx that spent budget goes out after the spend is committed (issue 17 item 2). The test holds the budget's
 * {@code budget_spend} row locked from a connection of its own, so the gateway's commit cannot happen: the answer
 * (a stream: its {@code [DONE]}) must not arrive until the lock is released, and then the row holds the spend. A
 * commit that never comes holds the answer for {@code gateway.budgets.spend-commit-wait} (5 s) only.
 */
class SpendCommitTest extends GovernanceTestSupport {

    /** Well below the 5 s bound: with the fix nothing can arrive in this time while the row is locked. */
    private static final long HELD_MILLIS = 1500;

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    String key;
    String vk;
    String budget;
    Connection lock;

    @BeforeEach
    void setUp() {
        String ws = newWorkspace("spend-commit");
        vk = newVirtualKey(ws, "sk-spend-commit");
        key = newApiKey(ws);
        budget = ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "team",
                "scope_type", "workspace", "period", "total", "limit_usd", 100))).path("id").asText();
        UPSTREAM.then(json(200, completion(10, 20)));
        assertThat(send().status()).isEqualTo(200);
        assertThat(requestsInDatabase()).as("the first 2xx's spend, committed before it was answered").isEqualTo(1);
    }

    @AfterEach
    void unlock() throws SQLException {
        if (lock != null) {
            lock.rollback();
            lock.close();
        }
        budgetEnforcer.flush();
    }

    @Test
    void aResponseWaitsForTheCommitOfItsSpend() throws Exception {
        lockSpendRow();
        UPSTREAM.then(json(200, completion(10, 20)));
        CompletableFuture<GatewayClient.Response> answer = CompletableFuture.supplyAsync(this::send);
        assertThatThrownBy(() -> answer.get(HELD_MILLIS, TimeUnit.MILLISECONDS))
                .as("answered while its spend could not be committed").isInstanceOf(TimeoutException.class);
        double unconfirmed = unconfirmed();

        unlockSpendRow();
        assertThat(answer.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(requestsInDatabase()).as("spend in the database when the 2xx arrived").isEqualTo(2);
        assertThat(unconfirmed()).isEqualTo(unconfirmed);
    }

    @Test
    void aStreamSendsDoneAfterTheCommitOfItsSpend() throws Exception {
        lockSpendRow();
        UPSTREAM.then(ChatJson.streamWithUsage(5, 7));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", ChatJson.streamedChat("test-model", 50),
                bearer(key, vk))) {
            assertThat(s.status()).isEqualTo(200);
            CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.rest();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThatThrownBy(() -> events.get(HELD_MILLIS, TimeUnit.MILLISECONDS))
                    .as("the stream ended while its spend could not be committed")
                    .isInstanceOf(TimeoutException.class);

            unlockSpendRow();
            assertThat(events.get(20, TimeUnit.SECONDS)).last().isEqualTo("[DONE]");
            assertThat(requestsInDatabase()).as("spend in the database when [DONE] arrived").isEqualTo(2);
        }
    }

    @Test
    void aCommitThatDoesNotComeHoldsTheAnswerForTheBoundOnly() throws Exception {
        lockSpendRow();
        double before = unconfirmed();
        UPSTREAM.then(json(200, completion(10, 20)));
        // H2 gives up on the lock after its lock timeout and the writer's retries; PostgreSQL waits: either way
        // the answer goes out within the 5 s bound and is counted
        assertThat(CompletableFuture.supplyAsync(this::send).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(unconfirmed()).isEqualTo(before + 1);
    }

    private GatewayClient.Response send() {
        return gateway.post("/v1/chat/completions", chat("test-model", 20), bearer(key, vk));
    }

    private long requestsInDatabase() {
        return jdbc.queryForObject("SELECT SUM(request_count) FROM budget_spend WHERE budget_id = ?", Long.class,
                budget);
    }

    private double unconfirmed() {
        return meters.find("llmgate.budget.spend.unconfirmed").counters().stream().mapToDouble(Counter::count).sum();
    }

    private void lockSpendRow() throws SQLException {
        lock = dataSource.getConnection();
        lock.setAutoCommit(false);
        try (PreparedStatement ps = lock.prepareStatement(
                "SELECT request_count FROM budget_spend WHERE budget_id = ? FOR UPDATE")) {
            ps.setString(1, budget);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the budget's spend row").isTrue();
            }
        }
    }

    private void unlockSpendRow() throws SQLException {
        lock.rollback();
        lock.close();
        lock = null;
    }
}
