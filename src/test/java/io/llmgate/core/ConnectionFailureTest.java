package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;
import io.llmgate.support.TestTls;

/**
 * Each way of not reaching a provider has its own code: the host name does not resolve, the TLS handshake fails,
 * nothing listens. None of them is a "connection closed by the provider".
 */
class ConnectionFailureTest extends GatewayTestSupport {

    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String STREAM = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    /** RFC 6761: .invalid never resolves, so no test depends on the outside network. */
    static final String UNRESOLVABLE = "no-such-provider.invalid";
    static final FakeProvider WRONG_NAME = new FakeProvider("wrong-name", TestTls.server("wrong"));

    /** Fails fast here; a resolver that takes longer than the gateway's 5 s timeout would make the test a 408. */
    @BeforeAll
    static void resolverAnswersQuickly() {
        long start = System.nanoTime();
        try {
            InetAddress.getByName(UNRESOLVABLE);
            throw new AssertionError(UNRESOLVABLE + " resolved");
        } catch (UnknownHostException expected) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    GatewayClient.Response send(String host) {
        return gateway.post("/v1/chat/completions", CHAT, "x-gateway-provider", "openai", "Authorization",
                "Bearer k", "x-gateway-custom-host", host);
    }

    static void assertError(GatewayClient.Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.json().at("/error/type").asText()).isEqualTo("upstream_error");
        assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
        assertThat(r.json().at("/error/provider").asText()).isEqualTo("openai");
        assertThat(r.json().at("/error/message").asText()).doesNotContain("closed by the provider");
    }

    @Test
    void unresolvableHostIsADnsFailure() {
        GatewayClient.Response r = send("http://" + UNRESOLVABLE + "/v1");
        assertError(r, "dns_resolution_failed");
        assertThat(r.json().at("/error/message").asText()).contains("resolve").contains(UNRESOLVABLE);
    }

    @Test
    void unresolvableHostOfAStreamIsADnsFailureToo() {
        GatewayClient.Response r = gateway.post("/v1/chat/completions", STREAM, "x-gateway-provider", "openai",
                "Authorization", "Bearer k", "x-gateway-custom-host", "https://" + UNRESOLVABLE + "/v1");
        assertError(r, "dns_resolution_failed");
    }

    /** An HTTP server answering a TLS ClientHello as servers such as nginx do: a plain-text 400, then close. */
    @Test
    void plainHttpServerBehindAnHttpsUrlIsATlsFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Thread server = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the gateway hung up first
                }
            });
            server.setDaemon(true);
            server.start();
            GatewayClient.Response r = send("https://127.0.0.1:" + plain.getLocalPort() + "/v1");
            assertError(r, "tls_handshake_failed");
            assertThat(r.json().at("/error/message").asText()).contains("TLS");
        }
    }

    @Test
    void certificateForAnotherHostIsATlsFailure() {
        WRONG_NAME.reset();
        GatewayClient.Response r = send(WRONG_NAME.baseUrl() + "/v1");
        assertError(r, "tls_handshake_failed");
        assertThat(WRONG_NAME.count()).isZero();
    }

    @Test
    void closedPortIsARefusedConnection() {
        GatewayClient.Response r = send("http://127.0.0.1:" + FakeProvider.closedPort() + "/v1");
        assertError(r, "connection_refused");
        assertThat(r.json().at("/error/message").asText()).contains("refused");
    }

    @Test
    void aDnsFailureFallsBackLikeAnyConnectionFailure() {
        OPENAI.reset().then(FakeProvider.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"reached\"}}]}"));
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + "{\"provider\":\"openai\",\"api_key\":\"k\",\"custom_host\":\"http://" + UNRESOLVABLE + "/v1\"},"
                + "{\"provider\":\"openai\",\"api_key\":\"k\",\"custom_host\":\"" + OPENAI.baseUrl() + "/v1\"}]}";
        GatewayClient.Response r = gateway.post("/v1/chat/completions", CHAT, "x-gateway-config", config);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode content = r.json().at("/choices/0/message/content");
        assertThat(content.asText()).isEqualTo("reached");
        assertThat(List.of(r.header("x-gateway-last-used-option-index"))).containsExactly("config.targets[1]");
    }
}
