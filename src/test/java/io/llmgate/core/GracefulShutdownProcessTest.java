package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.llmgate.GatewayApplication;
import io.llmgate.support.GatewayProcesses;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.FakeProvider.Frame;
import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * SIGTERM while answers are in flight, on a gateway in its own JVM: the port stops taking connections, a stream that
 * ends within the drain time ends normally, the ones that do not are cut with an error the client and the request log
 * see, and the process exits once the drain time is over.
 */
class GracefulShutdownProcessTest {

    private static final long DRAIN_MILLIS = 3000;

    @TempDir
    Path dir;

    private final FakeProvider provider = new FakeProvider("openai");
    private Process gateway;

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly().waitFor();
        }
        provider.close();
    }

    @Test
    void sigtermDrainsShortAnswersAndCutsLongOnes() throws Exception {
        // three answers in order of arrival: short stream (ends ~1.5 s into the drain), long stream (10 s), and a
        // whole answer that takes 20 s
        List<Frame> shortFrames = new ArrayList<>(List.of(Frame.sse(OpenAiProxyTest.chunk("short", null))));
        for (int i = 0; i < 3; i++) {
            shortFrames.add(Frame.sse(OpenAiProxyTest.chunk(" more", null)).after(500));
        }
        shortFrames.add(Frame.sse(OpenAiProxyTest.chunk(null, "stop")));
        shortFrames.add(Frame.sse("[DONE]"));
        List<Frame> longFrames = new ArrayList<>(List.of(Frame.sse(OpenAiProxyTest.chunk("long", null))));
        for (int i = 0; i < 100; i++) {
            longFrames.add(Frame.sse(OpenAiProxyTest.chunk(".", null)).after(100));
        }
        longFrames.add(Frame.sse("[DONE]"));
        provider.then(FakeProvider.stream("text/event-stream", shortFrames))
                .then(FakeProvider.stream("text/event-stream", longFrames))
                .then(FakeProvider.slow(20_000, FakeProvider.json(200, "{\"id\":\"late\",\"choices\":[]}")));

        int port = GatewayTestSupport.freePort();
        Path output = dir.resolve("gateway.log");
        gateway = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--gateway.host=127.0.0.1", "--gateway.port=" + port,
                "--server.port=" + GatewayTestSupport.freePort(),
                "--gateway.auth.enabled=false",
                "--gateway.shutdown.drain-timeout=" + DRAIN_MILLIS + "ms"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        GatewayProcesses.awaitListening(gateway, port, output);

        GatewayClient client = new GatewayClient(port);
        String[] openAi = {"x-gateway-provider", "openai", "Authorization", "Bearer sk-test",
                "x-gateway-custom-host", provider.baseUrl() + "/v1"};
        String stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"tell me a long story\"}]}";
        GatewayClient.Stream shortStream = client.stream("/v1/chat/completions", stream,
                with(openAi, "x-request-id", "drain-short"));
        assertThat(shortStream.nextData()).contains("short");
        GatewayClient.Stream longStream = client.stream("/v1/chat/completions", stream,
                with(openAi, "x-request-id", "drain-long"));
        assertThat(longStream.nextData()).contains("long");
        CompletableFuture<GatewayClient.Response> whole = CompletableFuture.supplyAsync(() -> client.post(
                "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Hi\"}]}", with(openAi, "x-request-id", "drain-whole")));
        awaitTrue(() -> provider.count() == 3, "the whole request reached the provider");
        Socket idle = new Socket();
        idle.connect(new InetSocketAddress("127.0.0.1", port), 1000); // kept-alive, no request in progress
        CompletableFuture<List<String>> shortRest = rest(shortStream);
        CompletableFuture<List<String>> longRest = rest(longStream);

        long sigterm = System.nanoTime();
        gateway.destroy();

        // new connections are refused while the drain is still going
        awaitTrue(() -> refused(port), "the gateway port refuses connections");
        assertThat(gateway.isAlive()).isTrue();
        assertThat(longRest).isNotDone();
        idle.setSoTimeout(5000);
        try (InputStream in = idle.getInputStream()) {
            assertThat(in.read()).as("the idle connection is closed").isEqualTo(-1);
        }

        List<String> shortEvents = shortRest.get(30, TimeUnit.SECONDS);
        assertThat(shortEvents).last().isEqualTo("[DONE]");
        assertThat(String.join("", shortEvents)).doesNotContain("error");

        List<String> longEvents = longRest.get(30, TimeUnit.SECONDS);
        long longEnded = System.nanoTime();
        assertThat(longEvents).doesNotContain("[DONE]");
        JsonNode cut = GatewayClient.parse(longEvents.get(longEvents.size() - 1)).path("error");
        assertThat(cut.path("code").asText()).isEqualTo("server_shutting_down");
        assertThat(cut.path("type").asText()).isEqualTo("server_error");
        assertThat(Duration.ofNanos(longEnded - sigterm)).isGreaterThanOrEqualTo(Duration.ofMillis(DRAIN_MILLIS));

        GatewayClient.Response wholeResponse = whole.get(30, TimeUnit.SECONDS);
        assertThat(wholeResponse.status()).isEqualTo(503);
        assertThat(wholeResponse.json().at("/error/code").asText()).isEqualTo("server_shutting_down");

        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits").isTrue();
        Duration toExit = Duration.ofNanos(System.nanoTime() - sigterm);
        assertThat(toExit).as("time from SIGTERM to exit; output:%n%s", GatewayProcesses.tail(output))
                .isBetween(Duration.ofMillis(DRAIN_MILLIS), Duration.ofMillis(DRAIN_MILLIS + 20_000));

        try (Connection db = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data/llmgate") + ";AUTO_SERVER=FALSE", "sa", "")) {
            assertThat(row(db, "drain-short")).isEqualTo("200 null true");
            assertThat(row(db, "drain-long")).isEqualTo("503 server_shutting_down true");
            assertThat(row(db, "drain-whole")).isEqualTo("503 server_shutting_down false");
        }
    }

    private static String row(Connection db, String requestId) throws Exception {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT status, error_code, streamed FROM request_log WHERE request_id = ?")) {
            q.setString(1, requestId);
            try (ResultSet rows = q.executeQuery()) {
                assertThat(rows.next()).as("a log row for %s", requestId).isTrue();
                return rows.getInt(1) + " " + rows.getString(2) + " " + rows.getBoolean(3);
            }
        }
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private static CompletableFuture<List<String>> rest(GatewayClient.Stream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.rest();
            } catch (IOException e) {
                throw new AssertionError("the stream failed instead of ending: " + e, e);
            }
        });
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
