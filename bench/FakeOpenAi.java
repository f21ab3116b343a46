import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OpenAI-compatible provider for benchmarks: answers every POST with a fixed chat completion, and
 * streams an SSE answer of CHUNKS chunks (default 50, each flushed on its own) when the body asks for
 * "stream":true. Run with: java bench/FakeOpenAi.java 9901
 */
public class FakeOpenAi {

    static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from the benchmark provider.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}")
            .getBytes(StandardCharsets.UTF_8);

    static final int CHUNKS = Integer.getInteger("chunks", 50);

    static byte[] chunk(String word) {
        return ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"},\"finish_reason\":null}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // an open-loop generator opens connections during a stall; the default (200) closed the extra idle ones
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9901;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2)));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
            if (stream) {
                exchange.getResponseHeaders().set("content-type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < CHUNKS; i++) {
                        out.write(chunk(" w" + i));
                        out.flush();
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, COMPLETION.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(COMPLETION);
                }
            }
        });
        server.start();
        System.out.println("fake OpenAI provider on http://127.0.0.1:" + port + "/v1");
    }
}
