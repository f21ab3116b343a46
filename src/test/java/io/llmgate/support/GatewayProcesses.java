package io.llmgate.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** For tests that run the gateway in a JVM of its own (signals, kills, the default configuration). */
public final class GatewayProcesses {

    private GatewayProcesses() {
    }

    /**
     * Until the gateway's port accepts connections (a connection alone sends no request, so logs nothing); fails with
     * the end of the gateway's output when it exits or does not listen within 120 s.
     */
    public static void awaitListening(Process gateway, int port, Path output) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited; its output:\n" + tail(output));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the gateway did not listen on " + port + " within 120 s; its output:\n"
                + tail(output));
    }

    /** The last 60 lines of the gateway's output, for failure messages. */
    public static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
