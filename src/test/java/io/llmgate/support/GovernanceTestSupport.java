package io.llmgate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.budget.BudgetEnforcer;

/**
 * Base of the governance tests: one gateway with authentication on, shared by every governance test class (one
 * Spring context for the family), on H2 or, with {@code -Dllmgate.test.db=postgres}, on PostgreSQL. Time is a
 * {@link MutableClock}; an admin API key is configured; a fake OpenAI answers upstream calls.
 */
@ExtendWith(PostgresAvailable.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GovernanceTestSupport.TestClock.class)
public abstract class GovernanceTestSupport {

    public static final int GATEWAY_PORT = GatewayTestSupport.freePort();
    public static final FakeProvider UPSTREAM = new FakeProvider("gov-openai");
    public static final String SCHEMA = "llmgate_gov";
    /** Test master key (base64 of bytes 0..31). */
    public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final String ADMIN_KEY = "lga-testadm1-" + "A".repeat(40);
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final GatewayClient gateway = new GatewayClient(GATEWAY_PORT);

    @LocalServerPort
    protected int adminPort;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected AuditService auditService;
    @Autowired
    protected BudgetEnforcer budgetEnforcer;

    private static boolean prepared;

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestClock {
        @Bean
        @Primary
        public MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        @Primary
        public Ticker testTicker(MutableClock clock) {
            return clock.ticker();
        }
    }

    @BeforeAll
    static synchronized void database() {
        if (!prepared) {
            TestDatabase.prepare(SCHEMA);
            prepared = true;
        }
    }

    @DynamicPropertySource
    static void governanceProperties(DynamicPropertyRegistry registry) {
        registry.add("gateway.host", () -> "127.0.0.1");
        registry.add("gateway.port", () -> GATEWAY_PORT);
        registry.add("gateway.request-timeout", () -> "10s");
        registry.add("gateway.auth.enabled", () -> true);
        registry.add("gateway.master-key", () -> MASTER_KEY);
        registry.add("gateway.bootstrap.admin-api-key", () -> ADMIN_KEY);
        registry.add("gateway.bootstrap.admin-password", () -> ADMIN_PASSWORD);
        registry.add("gateway.pricing.location", () -> "classpath:pricing-test.yml");
        registry.add("gateway.budgets.default-completion-tokens", () -> 100);
        registry.add("spring.datasource.url", () -> TestDatabase.url(SCHEMA));
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", () -> "");
    }

    @BeforeEach
    void baseReset() {
        UPSTREAM.reset();
        LogCapture.install();
    }

    // ---- admin API ----

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Calls the admin API with an admin key (null: none). */
    protected Response admin(String adminKey, String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(30)).header("content-type", "application/json");
            if (adminKey != null) {
                b.header("Authorization", "Bearer " + adminKey);
            }
            String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected Response admin(String method, String path, Object body) {
        return admin(ADMIN_KEY, method, path, body);
    }

    protected JsonNode ok(Response r) {
        if (r.status() >= 300) {
            throw new AssertionError("admin call failed: " + r);
        }
        return r.json();
    }

    protected String newWorkspace(String name) {
        return ok(admin("POST", "/admin/api/workspaces", Map.of("name", name + "-" + System.nanoTime())))
                .path("id").asText();
    }

    /** A gateway API key of the workspace with these extra fields; returns the key token. */
    protected String newApiKey(String workspaceId, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.putIfAbsent("name", "test key");
        return ok(admin("POST", "/admin/api/workspaces/" + workspaceId + "/api-keys", body)).path("key").asText();
    }

    protected String newApiKey(String workspaceId) {
        return newApiKey(workspaceId, Map.of());
    }

    /** A virtual key for the fake OpenAI; returns its id. */
    protected String newVirtualKey(String workspaceId, String secret) {
        return ok(admin("POST", "/admin/api/workspaces/" + workspaceId + "/virtual-keys", Map.of("name", "vk",
                "provider", "openai", "secret", secret, "base_url", UPSTREAM.baseUrl() + "/v1"))).path("id").asText();
    }

    protected String[] bearer(String apiKey, String virtualKey) {
        return new String[] {"Authorization", "Bearer " + apiKey, "x-gateway-virtual-key", virtualKey};
    }

    protected static String chat(String model, int maxTokens) {
        return ChatJson.chat(model, maxTokens);
    }

    protected static String completion(long prompt, long completion) {
        return ChatJson.completion(prompt, completion);
    }

    /** Audit records matching the query string, newest first (after queued records were written). */
    protected JsonNode audit(String query) {
        auditService.flush();
        return ok(admin("GET", "/admin/api/audit?size=500&" + query, null)).path("data");
    }
}
