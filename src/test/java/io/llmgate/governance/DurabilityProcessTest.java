package io.llmgate.governance;

import static io.llmgate.support.FakeProvider.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.llmgate.GatewayApplication;
import io.llmgate.support.ChatJson;
import io.llmgate.support.GatewayProcesses;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayTestSupport;
import io.llmgate.support.PostgresAvailable;
import io.llmgate.support.TestDatabase;

/**
 * A 2xx means durable: the gateway runs in a JVM of its own on the default configuration (H2 file database under
 * {@code ./data}; in the PostgreSQL run of the governance tests, a schema of its own), takes sequential admin writes
 * and budget-spending requests, is killed with SIGKILL right after the last 2xx, and is started again on the same
 * data. Every acknowledged write must be there: H2's default write delay (500 ms) lost the last of them.
 */
@ExtendWith(PostgresAvailable.class)
class DurabilityProcessTest {

    private static final String ADMIN_KEY = "lga-durable1-" + "D".repeat(40);
    private static final String SCHEMA = "llmgate_durable";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // pricing-test.yml: test-model costs $0.001 per prompt and $0.002 per completion token: $0.05 a request
    private static final String COMPLETION = ChatJson.completion(10, 20);
    private static final String CHAT = ChatJson.chat("test-model", 20);

    @TempDir
    Path dir;

    private final FakeProvider upstream = new FakeProvider("durable-openai");
    private Process gateway;
    private int gatewayPort;
    private int adminPort;

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        upstream.close();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        TestDatabase.prepare(SCHEMA); // PostgreSQL run: a fresh schema, or skipped with the reason
        upstream.always(json(200, COMPLETION));
        start();

        String ws = ok(admin("POST", "/admin/api/workspaces", Map.of("name", "durable"))).path("id").asText();
        String vk = ok(admin("POST", "/admin/api/workspaces/" + ws + "/virtual-keys", Map.of("name", "vk",
                "provider", "openai", "secret", "sk-durable", "base_url", upstream.baseUrl() + "/v1")))
                .path("id").asText();
        String budget = ok(admin("POST", "/admin/api/workspaces/" + ws + "/budgets", Map.of("name", "team",
                "scope_type", "workspace", "period", "total", "limit_usd", 100))).path("id").asText();
        JsonNode revoked = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "doomed")));
        JsonNode used = ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "used")));
        String usedKey = used.path("key").asText();
        int spending = 0; // 2xx chat completions, $0.05 each
        assertThat(chat(revoked.path("key").asText(), vk)).isEqualTo(200);
        spending++;

        // sequential writes, as an operator and an application make them; each one acknowledged
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            assertThat(chat(usedKey, vk)).isEqualTo(200);
            spending++;
            if (i % 3 == 0) {
                created.add(ok(admin("POST", "/admin/api/workspaces/" + ws + "/api-keys", Map.of("name", "k" + i)))
                        .path("id").asText());
            }
        }
        ok(admin("PATCH", "/admin/api/budgets/" + budget, Map.of("limit_usd", 50)));
        String revokedId = revoked.path("id").asText();
        assertThat(ok(admin("POST", "/admin/api/api-keys/" + revokedId + "/revoke", null)).path("status").asText())
                .isEqualTo("revoked");
        assertThat(chat(usedKey, vk)).isEqualTo(200);
        spending++;
        gateway.destroyForcibly().waitFor(); // SIGKILL right after the last 2xx: no shutdown hook runs

        start();
        // each 2xx waited for the commit holding its spend: none of it is lost (the background writer lost the last)
        JsonNode usage = ok(admin("GET", "/admin/api/budgets/" + budget + "/usage", null)).path("subjects").path(0);
        assertThat(usage.path("requests").asLong()).as("requests counted by the budget").isEqualTo(spending);
        assertThat(usage.path("spent_usd").decimalValue()).isEqualByComparingTo(
                new java.math.BigDecimal("0.05").multiply(java.math.BigDecimal.valueOf(spending)));
        assertThat(ok(admin("GET", "/admin/api/budgets/" + budget, null)).path("limit_usd").decimalValue())
                .isEqualByComparingTo("50");
        assertThat(ok(admin("GET", "/admin/api/api-keys/" + revokedId, null)).path("status").asText())
                .isEqualTo("revoked");
        JsonNode revokeAudit = ok(admin("GET", "/admin/api/audit?action=api_key.revoke&target_id=" + revokedId,
                null)).path("data");
        assertThat(revokeAudit).as("the revoke's audit record").hasSize(1);
        List<String> keys = new ArrayList<>();
        ok(admin("GET", "/admin/api/workspaces/" + ws + "/api-keys", null)).path("data")
                .forEach(k -> keys.add(k.path("id").asText()));
        assertThat(keys).containsAll(created);
        assertThat(chat(revoked.path("key").asText(), vk)).as("the revoked key after the restart").isEqualTo(401);
        assertThat(chat(usedKey, vk)).isEqualTo(200);
    }

    private void start() throws Exception {
        gatewayPort = GatewayTestSupport.freePort();
        adminPort = GatewayTestSupport.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--gateway.host=127.0.0.1", "--gateway.port=" + gatewayPort, "--server.port=" + adminPort,
                "--gateway.bootstrap.admin-api-key=" + ADMIN_KEY,
                "--gateway.pricing.location=classpath:pricing-test.yml"));
        if (TestDatabase.postgres()) {
            command.add("--spring.datasource.url=" + TestDatabase.url(SCHEMA));
            command.add("--spring.datasource.username=" + TestDatabase.user());
        }
        Path output = dir.resolve("gateway.log");
        gateway = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        GatewayProcesses.awaitListening(gateway, gatewayPort, output);
        GatewayProcesses.awaitListening(gateway, adminPort, output);
    }

    private int chat(String apiKey, String virtualKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("Authorization", "Bearer " + apiKey).header("x-gateway-virtual-key", virtualKey)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> admin(String method, String path, Object body) throws Exception {
        String json = body == null ? null : JSON.writeValueAsString(body);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as("%s %s: %s", r.request().method(), r.request().uri(), r.body())
                .isBetween(200, 299);
        return JSON.readTree(r.body());
    }
}
