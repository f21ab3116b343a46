package io.llmgate.observability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.llmgate.model.logs.LogQueryService;
import io.llmgate.model.logs.RequestLogStore;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestListener;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.observability.ObservabilityListener;
import io.llmgate.routes.observability.ObservedExchange;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * Base of the observability tests: a gateway of their own (own port, own database) with spans kept in memory, an
 * OTLP collector stand-in, a file log sink, bodies stored, and hooks standing in for the cache and routing configs
 * (metadata {@code test_cache_hit=true} / {@code test_config_id=...} set the exchange properties they will set).
 * Each database family (H2, PostgreSQL) is one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // the Prometheus registry, as in production
@Import(ObservabilityTestSupport.TestBeans.class)
public abstract class ObservabilityTestSupport {

    public static final FakeProvider OPENAI = GatewayTestSupport.OPENAI;
    /** Stands in for an OpenTelemetry collector (OTLP/HTTP). */
    public static final FakeProvider COLLECTOR = new FakeProvider("otel-collector");
    public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    public static final String SINK_FILE = "target/logsink/requests-" + UUID.randomUUID() + ".jsonl";

    protected static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    protected int adminPort;

    @Autowired
    protected ObservabilityListener observabilityListener;

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected RequestLogStore store;

    @Autowired
    protected LogQueryService logs;

    public ObservabilityListener observabilityListener() {
        return observabilityListener;
    }

    public CamelContext camel() {
        return camel;
    }

    public RequestLogStore store() {
        return store;
    }

    public LogQueryService logs() {
        return logs;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestConfiguration
    static class TestBeans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return SPANS;
        }

        @Bean
        TestHooks observabilityTestHooks() {
            return new TestHooks();
        }
    }

    /** Runs before the observability listener and sets what the cache and routing configs will set. */
    static class TestHooks implements RequestListener, Ordered {
        @Override
        public void onComplete(Exchange exchange, GatewayRequest request, RequestOutcome outcome) {
            if ("true".equals(request.metadata().get("test_cache_hit"))) {
                GatewayExchange.of(exchange).cacheHit(true);
            }
            String config = request.metadata().get("test_config_id");
            if (config != null) {
                GatewayExchange.of(exchange).configId(config);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** Properties both database families share. */
    static void common(DynamicPropertyRegistry registry, int gatewayPort) {
        COLLECTOR.always(FakeProvider.json(200, ""));
        registry.add("gateway.host", () -> "127.0.0.1");
        registry.add("gateway.port", () -> gatewayPort);
        registry.add("gateway.request-timeout", () -> "5s");
        registry.add("gateway.logs.flush-interval", () -> "20ms");
        registry.add("gateway.logs.queue-capacity", () -> 5000);
        registry.add("gateway.logs.sink-uris[0]", () -> "file:target/logsink?fileName="
                + SINK_FILE.substring("target/logsink/".length()) + "&fileExist=Append");
        registry.add("gateway.logs.bodies.enabled", () -> true);
        registry.add("gateway.logs.bodies.max-chars", () -> 2000);
        registry.add("gateway.otel.endpoint", COLLECTOR::baseUrl);
        registry.add("gateway.otel.export-delay", () -> "100ms");
        // requests carry no gateway API key here; the admin API needs the bootstrap admin key
        registry.add("gateway.auth.enabled", () -> false);
        registry.add("gateway.master-key", () -> "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        registry.add("gateway.bootstrap.admin-api-key", () -> GatewayTestSupport.ADMIN_KEY);
        registry.add("gateway.bootstrap.admin-password", () -> "obs-tests-admin-password");
    }

    public abstract GatewayClient gateway();

    public String[] openAi(String... more) {
        String[] base = {"x-gateway-provider", "openai", "Authorization", "Bearer sk-test-123",
                "x-gateway-custom-host", OPENAI.baseUrl() + "/v1"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** GET on the admin API; returns status and parsed JSON (or raw text in "raw"). */
    public record Admin(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Admin admin(String method, String pathAndQuery, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + GatewayTestSupport.ADMIN_KEY);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("content-type", "application/json").method(method,
                HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Admin(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Admin get(String pathAndQuery) {
        return admin("GET", pathAndQuery, null);
    }

    /** Waits until the request's log row was written and returns it with its attempts. */
    public JsonNode awaitLog(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode items = get("/admin/api/logs?request_id=" + enc(requestId)).json().path("data");
            if (items.size() > 0) {
                return get("/admin/api/logs/" + items.get(0).path("id").asText()).json();
            }
            sleep(20);
        }
        throw new AssertionError("no log row for " + requestId);
    }

    protected static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static String newRequestId() {
        return "req-test-" + UUID.randomUUID();
    }
}
