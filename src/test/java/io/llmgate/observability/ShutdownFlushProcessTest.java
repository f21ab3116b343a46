package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.llmgate.GatewayApplication;
import io.llmgate.support.GatewayProcesses;
import io.llmgate.support.GatewayTestSupport;

/**
 * The gateway as users run it: a JVM of its own on the default configuration (the H2 file database under
 * {@code ./data}), stopped with SIGTERM. The entries still queued when it stops are written before the database
 * closes — H2 closes a database from its own shutdown hook unless the URL says otherwise, which would race the
 * writer's last flush and lose them.
 */
class ShutdownFlushProcessTest {

    private static final int REQUESTS = 3;

    @TempDir
    Path dir;

    @Test
    void entriesQueuedAtSigtermAreWrittenToTheDefaultDatabase() throws Exception {
        int gatewayPort = GatewayTestSupport.freePort();
        Path output = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--gateway.host=127.0.0.1", "--gateway.port=" + gatewayPort,
                "--server.port=" + GatewayTestSupport.freePort(),
                // entries stay queued until the stop instead of being written after 200 ms
                "--gateway.logs.flush-interval=60s"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            GatewayProcesses.awaitListening(gateway, gatewayPort, output);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(401); // no API key: refused, and logged
            }
        } finally {
            gateway.destroy(); // SIGTERM: Spring's graceful shutdown, and H2's own shutdown hook
            if (!gateway.waitFor(90, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
        }
        try (Connection db = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data/llmgate") + ";AUTO_SERVER=FALSE", "sa", "");
             ResultSet rows = db.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM request_log WHERE status = 401")) {
            rows.next();
            assertThat(rows.getInt(1))
                    .as("request_log rows after SIGTERM; the gateway's output:%n%s", GatewayProcesses.tail(output))
                    .isEqualTo(REQUESTS);
        }
    }
}
