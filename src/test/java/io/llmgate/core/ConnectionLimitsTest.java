package io.llmgate.core;

import static io.llmgate.support.FakeProvider.json;
import static io.llmgate.support.FakeProvider.slow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.llmgate.routes.http.ConnectionGuard;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayTestSupport;
import io.llmgate.support.TestExtensions;

/**
 * What a client may hold of the gateway port (issue 17 item 3: slowloris and half-open connections were never
 * closed and took every file descriptor). Small limits so the test waits only as long as the timeouts themselves.
 */
@TestPropertySource(properties = {"gateway.server.max-connections=6", "gateway.server.request-read-timeout=2s",
        "gateway.server.idle-timeout=1s", "gateway.server.worker-threads=1", "gateway.server.upstream-threads=1"})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestExtensions.class)
class ConnectionLimitsTest {

    /** A context of its own (small limits), so a port of its own: the shared one keeps GATEWAY_PORT. */
    static final int PORT = GatewayTestSupport.freePort();
    static final FakeProvider OPENAI = GatewayTestSupport.OPENAI;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        GatewayTestSupport.gatewayProperties(registry);
        registry.add("gateway.port", () -> PORT);
    }

    private final GatewayClient gateway = new GatewayClient(PORT);

    @Autowired
    ConnectionGuard guard;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    io.llmgate.routes.upstream.UpstreamClient upstream;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void reset() throws InterruptedException {
        OPENAI.reset();
        awaitOpen(0); // connections of the previous test are gone
    }

    /** Event-loop counts are settings (small machines: docs/benchmark.md): one each here. */
    @Test
    void eventLoopThreadsAreAsConfigured() {
        org.apache.camel.Endpoint in = camel.getRoute("gateway-in").getEndpoint();
        assertThat(((org.apache.camel.component.netty.NettyEndpoint) in).getConfiguration().getWorkerCount())
                .isEqualTo(1);
        assertThat(upstream.eventLoops()).isEqualTo(1);
    }

    @Test
    void aClientSendingItsHeadersSlowlyIsAnswered408AndClosed() throws Exception {
        double before = rejected("request_read_timeout");
        long start = System.nanoTime();
        try (RawHttp slowloris = new RawHttp(PORT)) {
            slowloris.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n");
            slowloris.send("X-A: 1\r\n"); // and never the end of the headers
            String answer = slowloris.readUntilClosed();
            assertThat(RawHttp.status(answer)).isEqualTo(408);
            assertThat(GatewayClient.parse(RawHttp.body(answer)).at("/error/code").asText())
                    .isEqualTo("request_read_timeout");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("closed after the 2 s read timeout")
                .isBetween(1_500L, 10_000L);
        assertThat(rejected("request_read_timeout")).isEqualTo(before + 1);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp client = new RawHttp(PORT)) {
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            long start = System.nanoTime();
            String all = client.readUntilClosed(); // the answer, then the close once idle
            assertThat(RawHttp.status(all)).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).as("closed after the 1 s idle timeout")
                    .isBetween(700L, 10_000L);
        }
    }

    @Test
    void aProviderSlowerThanBothTimeoutsStillAnswers() {
        OPENAI.then(slow(3_500, json(200, OpenAiProxyTest.COMPLETION)));
        GatewayClient.Response r = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-gateway-provider", "openai", "Authorization", "Bearer sk-test",
                "x-gateway-custom-host", OPENAI.baseUrl() + "/v1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("Hello there");
    }

    @Test
    void connectionsOverTheLimitAre503AndCountedAndTheLimitFreesUpWhenTheyClose() throws Exception {
        double before = rejected("limit");
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                held.add(new RawHttp(PORT));
            }
            awaitOpen(6);
            try (RawHttp extra = new RawHttp(PORT)) {
                String answer = extra.readUntilClosed();
                assertThat(RawHttp.status(answer)).isEqualTo(503);
                assertThat(GatewayClient.parse(RawHttp.body(answer)).at("/error/code").asText())
                        .isEqualTo("too_many_connections");
            }
            assertThat(rejected("limit")).isEqualTo(before + 1);
        } finally {
            for (RawHttp h : held) {
                h.close();
            }
        }
        awaitOpen(0);
        assertThat(gateway.get("/health").status()).isEqualTo(200);
    }

    private double rejected(String reason) {
        return meters.get("llmgate.connections.rejected").tag("reason", reason).counter().count();
    }

    private void awaitOpen(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (guard.openConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(guard.openConnections()).isEqualTo(n);
    }
}
