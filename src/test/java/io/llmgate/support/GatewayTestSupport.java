package io.llmgate.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end tests: one gateway (Spring context) per JVM on a free loopback port, shared by every test
 * class that extends this and adds no context configuration of its own, plus fake providers for each wire format.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestExtensions.class)
public abstract class GatewayTestSupport {

    public static final int GATEWAY_PORT = freePort();

    public static final FakeProvider OPENAI = new FakeProvider("openai");
    public static final FakeProvider ANTHROPIC = new FakeProvider("anthropic");
    public static final FakeProvider GEMINI = new FakeProvider("google");
    public static final FakeProvider AZURE = new FakeProvider("azure-openai");
    public static final FakeProvider MISTRAL = new FakeProvider("mistral-ai");
    public static final FakeProvider OLLAMA = new FakeProvider("ollama");

    /** Admin API key of the bootstrap admin: the admin API (/admin/api/**) needs one since governance. */
    public static final String ADMIN_KEY = "lga-coretest-" + "C".repeat(40);

    protected final GatewayClient gateway = new GatewayClient(GATEWAY_PORT);

    private static final HttpClient ADMIN_HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    public static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("gateway.host", () -> "127.0.0.1");
        registry.add("gateway.port", () -> GATEWAY_PORT);
        registry.add("gateway.max-body-bytes", () -> 64 * 1024);
        registry.add("gateway.request-timeout", () -> "5s");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:llmgate;DB_CLOSE_DELAY=-1");
        registry.add("gateway.routing.retry-base-delay", () -> "100ms");
        TestTls.ensure();
        registry.add("gateway.trust-store", () -> TestTls.TRUST_STORE.toString());
        registry.add("gateway.trust-store-password", () -> "changeit");
        registry.add("gateway.routing.attempt-taps[0]", () -> "seda:test-attempts");
        // the core tests send no gateway API key; governance tests run with authentication on
        registry.add("gateway.auth.enabled", () -> false);
        registry.add("gateway.bootstrap.admin-api-key", () -> ADMIN_KEY);
        registry.add("gateway.bootstrap.admin-password", () -> "core-tests-admin-password");
        registry.add("gateway.master-key", () -> "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    }

    /** The request's row in the request log (read through the admin API), once the writer has stored it. */
    protected static JsonNode awaitLog(int adminPort, String requestId) throws Exception {
        HttpRequest query = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/admin/api/logs?request_id=" + requestId)).header("Authorization", "Bearer " + ADMIN_KEY).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rows = GatewayClient.parse(ADMIN_HTTP.send(query, HttpResponse.BodyHandlers.ofString()).body())
                    .path("data");
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log row for " + requestId);
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999): a port the kernel hands out for port 0 can be taken as
     * the local port of an outgoing connection before the context that was given it binds it ("Address already in
     * use" when a later test family's gateway starts).
     */
    public static int freePort() {
        java.util.random.RandomGenerator random = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
