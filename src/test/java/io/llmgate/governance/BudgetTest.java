package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.governance.VirtualKeyUsageGate;
import io.llmgate.support.ChatJson;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GovernanceTestSupport;

/**
 * Budgets end to end. Prices (src/test/resources/pricing-test.yml): test-model costs $0.001 per prompt token and
 * $0.002 per completion token. chat("test-model", 20) is estimated at 8 prompt tokens + 20 = $0.048.
 */
class BudgetTest extends GovernanceTestSupport {

    String ws;
    String vk;
    String key;

    @BeforeEach
    void setUp() {
        ws = newWorkspace("budget");
        vk = newVirtualKey(ws, "sk-budget-provider");
        key = newApiKey(ws);
    }

    String budget(Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "team budget", "scope_type", "workspace",
                "period", "total"));
        body.putAll(fields);
        return ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", body)).path("id").asText();
    }

    JsonNode usage(String budgetId) {
        budgetEnforcer.flush();
        return ok(admin("GET", "/admin/api/budgets/" + budgetId + "/usage", null));
    }

    GatewayClient.Response send(String... extra) {
        List<String> h = new ArrayList<>(List.of(bearer(key, vk)));
        h.addAll(List.of(extra));
        return gateway.post("/v1/chat/completions", chat("test-model", 20), h.toArray(String[]::new));
    }

    @Test
    void fiftyParallelRequestsAgainstANearlySpentBudgetStayWithinTheBound() throws Exception {
        String budget = budget(Map.of("name", "nearly spent", "limit_usd", 1.00));
        UPSTREAM.then(json(200, completion(800, 0)));          // $0.80 spent
        assertThat(send().status()).isEqualTo(200);
        assertThat(usage(budget).at("/subjects/0/spent_usd").decimalValue()).isEqualByComparingTo("0.8");

        // each request is held at $0.048 and really costs 10 x 0.001 + 20 x 0.002 = $0.050
        UPSTREAM.always(FakeProvider.slow(300, json(200, completion(10, 20))));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<GatewayClient.Response>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return send();
            }));
        }
        go.countDown();
        int admitted = 0;
        int refused = 0;
        for (Future<GatewayClient.Response> f : futures) {
            GatewayClient.Response r = f.get();
            if (r.status() == 200) {
                admitted++;
            } else {
                refused++;
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.json().at("/error/type").asText()).isEqualTo("budget_exceeded");
                assertThat(r.json().at("/error/message").asText()).contains("'nearly spent'").contains("$1.0000");
            }
        }
        pool.shutdown();
        assertThat(admitted + refused).isEqualTo(50);
        // $0.20 left holds at most 4 estimates of $0.048; each may overshoot its estimate by $0.002
        assertThat(admitted).isBetween(1, 4);
        JsonNode u = usage(budget).at("/subjects/0");
        BigDecimal spent = u.path("spent_usd").decimalValue();
        BigDecimal bound = new BigDecimal("1.00").add(new BigDecimal("0.002").multiply(BigDecimal.valueOf(admitted)));
        assertThat(spent).isLessThanOrEqualTo(bound);
        assertThat(spent).isEqualByComparingTo(new BigDecimal("0.80").add(new BigDecimal("0.05")
                .multiply(BigDecimal.valueOf(admitted))));
        assertThat(u.path("reserved_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(u.path("requests").asLong()).isEqualTo(1 + admitted);
        assertThat(UPSTREAM.count()).isEqualTo(1 + admitted);
    }

    @Test
    void theRefusalSaysSpentHeldRemainingAndWhatTheRequestNeeds() {
        budget(Map.of("name", "small", "limit_usd", 0.06));
        UPSTREAM.always(json(200, completion(8, 20)));
        assertThat(send().status()).isEqualTo(200);                      // $0.048 spent, $0.012 left

        GatewayClient.Response refused = send();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asText()).isEqualTo("Budget 'small' (workspace, total) has "
                + "too little left: $0.0480 spent, $0.0000 held by requests in flight, $0.0120 remaining of $0.0600; "
                + "this request needs up to $0.0480 (8 prompt tokens at $1000/1M + 20 output tokens at $2000/1M). "
                + "A lower max_tokens makes the request need less.");
    }

    @Test
    void withoutMaxTokensTheHoldIsCappedByWhatTheModelCanAnswer() {
        String budget = budget(Map.of("name", "capped", "limit_usd", 0.1, "limit_tokens", 100));
        // short-model answers at most 10 tokens: the hold is 8 + 10 tokens ($0.028), not 8 + 100 ($0.208)
        UPSTREAM.then(json(200, completion(8, 10)));
        String noMaxTokens = "{\"model\":\"short-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        GatewayClient.Response r = gateway.post("/v1/chat/completions", noMaxTokens, bearer(key, vk));
        assertThat(r.status()).isEqualTo(200);
        assertThat(usage(budget).at("/subjects/0/spent_tokens").asLong()).isEqualTo(18);

        // a model without a known max output is held at gateway.budgets.default-completion-tokens (100 here)
        GatewayClient.Response refused = gateway.post("/v1/chat/completions",
                noMaxTokens.replace("short-model", "test-model"), bearer(key, vk));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asText()).contains("+ 100 output tokens");
    }

    @Test
    void streamedUsageIsChargedWhenTheStreamEnds() throws Exception {
        String budget = budget(Map.of("limit_tokens", 1000, "limit_usd", 10));
        UPSTREAM.then(ChatJson.streamWithUsage(5, 7));
        try (GatewayClient.Stream s = gateway.stream("/v1/chat/completions", ChatJson.streamedChat("test-model", 50),
                bearer(key, vk))) {
            assertThat(s.status()).isEqualTo(200);
            s.rest();
        }
        awaitTrue(() -> usage(budget).at("/subjects/0/spent_tokens").asLong() == 12);
        JsonNode u = usage(budget).at("/subjects/0");
        assertThat(u.path("spent_usd").decimalValue()).isEqualByComparingTo("0.019");
        assertThat(u.path("reserved_tokens").asLong()).isZero();
    }

    @Test
    void failedRequestsReleaseTheirHold() {
        String budget = budget(Map.of("limit_usd", 0.06));
        UPSTREAM.then(json(500, "{\"error\":{\"message\":\"boom\"}}"));
        assertThat(send().status()).isEqualTo(500);
        JsonNode u = usage(budget).at("/subjects/0");
        assertThat(u.path("spent_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(u.path("reserved_usd").decimalValue()).isEqualByComparingTo("0");
        UPSTREAM.then(json(200, completion(8, 20)));
        assertThat(send().status()).as("the released hold is available again").isEqualTo(200);
        GatewayClient.Response refused = send();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
    }

    @Test
    void spendSurvivesLosingTheInMemoryState() {
        String budget = budget(Map.of("limit_usd", 0.1));
        UPSTREAM.always(json(200, completion(8, 20)));
        assertThat(send().status()).isEqualTo(200);
        budgetEnforcer.forgetAccounts();   // as after a restart: accounts reload from the database
        assertThat(usage(budget).at("/subjects/0/spent_usd").decimalValue()).isEqualByComparingTo("0.048");
        assertThat(send().status()).isEqualTo(200);
        budgetEnforcer.forgetAccounts();
        assertThat(send().status()).as("0.096 spent, 0.048 more does not fit").isEqualTo(429);
    }

    @Test
    void perUserBudgetsCountEachEndUserFromTheMetadata() {
        budget(Map.of("name", "per user", "scope_type", "user", "scope_ref", "*", "limit_tokens", 50));
        UPSTREAM.always(json(200, completion(20, 20)));
        String alice = "{\"_user\":\"alice\"}";
        assertThat(send("x-gateway-metadata", alice).status()).isEqualTo(200);
        GatewayClient.Response refused = send("x-gateway-metadata", alice);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asText()).contains("'per user'").contains("per user");
        assertThat(send("x-gateway-metadata", "{\"_user\":\"bob\"}").status()).isEqualTo(200);
        // requests without an end user are not counted by a per-user budget
        assertThat(send().status()).isEqualTo(200);
    }

    @Test
    void calendarPeriodsStartAgain() {
        budget(Map.of("name", "daily", "period", "day", "alignment", "calendar", "limit_tokens", 40));
        UPSTREAM.always(json(200, completion(8, 20)));
        assertThat(send().status()).isEqualTo(200);
        GatewayClient.Response refused = send();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        clock.advance(Duration.ofDays(1));
        assertThat(send().status()).isEqualTo(200);
    }

    @Test
    void alertThresholdsFireOnce() {
        String budget = budget(Map.of("name", "alerting", "limit_tokens", 100, "alert_thresholds", List.of(50, 90)));
        UPSTREAM.always(json(200, completion(10, 20)));
        assertThat(send().status()).isEqualTo(200);   // 30%
        assertThat(send().status()).isEqualTo(200);   // 60%: 50% crossed
        assertThat(usage(budget).at("/subjects/0/alerts_fired")).extracting(JsonNode::asInt).containsExactly(50);
        assertThat(audit("action=budget.alert&target_id=" + budget)).hasSize(1)
                .allSatisfy(e -> assertThat(e.path("detail").asText()).contains("'alerting'").contains("50%"));
    }

    @Test
    void budgetsAreValidated() {
        Response none = admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "x",
                "scope_type", "workspace", "period", "month"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().at("/error/message").asText()).contains("limit_usd");
        Response badScope = admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "x",
                "scope_type", "api_key", "scope_ref", "key_unknown", "period", "month", "limit_usd", 1));
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().at("/error/param").asText()).isEqualTo("scope_ref");
        Response badPeriod = admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "x",
                "scope_type", "workspace", "period", "fortnight", "limit_usd", 1));
        assertThat(badPeriod.status()).isEqualTo(400);
        // nothing half-saved: no budget and no audit record for the refused ones
        assertThat(ok(admin("GET", "/admin/api/workspaces/" + ws + "/budgets", null)).path("data")).isEmpty();
        assertThat(audit("workspace_id=" + ws + "&action=budget.create")).isEmpty();
    }

    @Test
    void virtualKeyBudgetsApplyToTheHeaderKeyAndToKeysChosenByRouting() {
        budget(Map.of("name", "vk header", "scope_type", "virtual_key", "scope_ref", vk, "limit_tokens", 30));
        UPSTREAM.always(json(200, completion(10, 20)));
        assertThat(send().status()).isEqualTo(200);
        GatewayClient.Response refused = send();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asText()).contains("'vk header'").contains("virtual key " + vk);

        // a virtual key picked by a routing config target: routing calls the gate before the attempt
        String routed = newVirtualKey(ws, "sk-routed");
        String routedBudget = budget(Map.of("name", "vk routed", "scope_type", "virtual_key", "scope_ref", routed,
                "limit_tokens", 50));
        String wsBudget = budget(Map.of("name", "whole workspace", "limit_tokens", 1_000_000));
        Exchange first = exchange();
        gate.admit(first, routed);                   // holds 8 + 20 = 28 tokens
        gate.admit(first, routed);                   // once per request and key
        Exchange second = exchange();
        assertThatThrownBy(() -> gate.admit(second, routed)).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).type()).isEqualTo("budget_exceeded"));
        gate.release(first, routed);                 // that attempt failed
        gate.admit(second, routed);
        assertThat(usage(routedBudget).at("/subjects/0/reserved_tokens").asLong()).isEqualTo(28);
        assertThat(usage(wsBudget).at("/subjects/0/reserved_tokens").asLong())
                .as("the workspace was counted when the request was admitted, not again").isZero();
    }

    @Test
    void aConfigTargetWhoseVirtualKeyIsOverBudgetFallsBackToTheNext() {
        String spent = newVirtualKey(ws, "sk-spent");
        String spare = newVirtualKey(ws, "sk-spare");
        budget(Map.of("name", "spent key", "scope_type", "virtual_key", "scope_ref", spent, "limit_tokens", 10));
        UPSTREAM.always(json(200, completion(10, 20)));
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"" + spent
                + "\"},{\"virtual_key\":\"" + spare + "\"}]}";

        GatewayClient.Response r = gateway.post("/v1/chat/completions", chat("test-model", 20),
                "Authorization", "Bearer " + key, "x-gateway-config", config);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-gateway-last-used-option-index")).isEqualTo("config.targets[1]");
        assertThat(UPSTREAM.last().header("authorization")).isEqualTo("Bearer sk-spare");
        assertThat(UPSTREAM.received().stream().noneMatch(q -> "Bearer sk-spent".equals(q.header("authorization"))))
                .as("the over-budget key was never sent upstream").isTrue();
    }

    @Autowired
    VirtualKeyUsageGate gate;
    @Autowired
    CamelContext camel;

    Exchange exchange() {
        Exchange e = new DefaultExchange(camel);
        String keyId = ok(admin("GET", "/admin/api/workspaces/" + ws + "/api-keys", null)).at("/data/0/id").asText();
        GatewayExchange.of(e).caller(new CallerIdentity(keyId, "test key", ws, null));
        GatewayExchange.of(e).request(new GatewayRequest("req-gate", Endpoint.CHAT_COMPLETIONS,
                (ObjectNode) GatewayClient.parse(chat("test-model", 20)), Map.of(), Map.of(), System.nanoTime()));
        return e;
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
