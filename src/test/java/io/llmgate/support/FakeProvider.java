package io.llmgate.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A provider on 127.0.0.1 that records what the gateway sent and answers as scripted: JSON, SSE or NDJSON streams
 * (with pauses and hand-shakes), errors, slow answers and dropped connections. Each test scripts the answers it
 * needs; an unscripted request gets a 500 that names the path.
 */
public final class FakeProvider implements AutoCloseable {

    /** One recorded request. */
    public record Received(String method, String path, String query, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** Writes the answer to one exchange. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: +40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String name;
    private final HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Responder> script = new ConcurrentLinkedDeque<>();
    private volatile Responder fallback;
    private final AtomicInteger clientDisconnects = new AtomicInteger();
    private volatile CountDownLatch disconnected = new CountDownLatch(1);

    public FakeProvider(String name) {
        this(name, null);
    }

    /** @param tls when given, the fake speaks HTTPS with this server context */
    public FakeProvider(String name, javax.net.ssl.SSLContext tls) {
        this.name = name;
        try {
            if (tls == null) {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            } else {
                com.sun.net.httpserver.HttpsServer https =
                        com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Forgets recorded requests and scripts. */
    public FakeProvider reset() {
        received.clear();
        script.clear();
        fallback = null;
        clientDisconnects.set(0);
        disconnected = new CountDownLatch(1);
        return this;
    }

    /** The next request gets this answer (answers are used in order). */
    public FakeProvider then(Responder responder) {
        script.add(responder);
        return this;
    }

    /** Every request without a scripted answer gets this one. */
    public FakeProvider always(Responder responder) {
        this.fallback = responder;
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public Received last() {
        List<Received> all = received();
        if (all.isEmpty()) {
            throw new AssertionError(name + " received no request");
        }
        return all.get(all.size() - 1);
    }

    public int count() {
        return received.size();
    }

    /** Waits until a streaming answer noticed that the gateway closed the connection. */
    public boolean awaitClientDisconnect(long millis) throws InterruptedException {
        return disconnected.await(millis, TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean cut = false;
        try {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            Responder r = script.poll();
            if (r == null) {
                r = fallback;
            }
            if (r == null) {
                r = json(500, "{\"error\":{\"message\":\"" + name + ": no scripted answer for "
                        + exchange.getRequestURI().getPath() + "\"}}");
            }
            r.respond(exchange);
        } catch (Cut e) {
            cut = true;
            throw e; // out of the handler, the JDK server closes the socket as it is: no last chunk, a real drop
        } catch (ClientGone e) {
            clientDisconnects.incrementAndGet();
            disconnected.countDown();
        } catch (Exception e) {
            // the gateway hung up or the script failed: nothing more to send
        } finally {
            if (!cut) {
                exchange.close();
            }
        }
    }

    // ---- answers ----

    public static Responder json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Responder json(int status, String body, Map<String, String> headers) {
        return ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("content-type", "application/json");
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
        };
    }

    // ---- model lists, in each provider's wire format (GET /v1/models, /v1beta/models, /api/tags) ----

    /** OpenAI's (and Azure's, Mistral's) {@code {"object":"list","data":[{"id","object","created","owned_by"}]}}. */
    public static Responder openAiModels(String... ids) {
        com.fasterxml.jackson.databind.node.ObjectNode list = MAPPER.createObjectNode().put("object", "list");
        for (String id : ids) {
            list.withArray("data").addObject().put("id", id).put("object", "model").put("created", 1_700_000_000)
                    .put("owned_by", "system");
        }
        list.withArray("data");
        return json(200, list.toString());
    }

    /** Anthropic's {@code GET /v1/models}: {@code {"data":[{"type":"model","id","display_name","created_at"}]}}. */
    public static Responder anthropicModels(String... ids) {
        com.fasterxml.jackson.databind.node.ObjectNode list = MAPPER.createObjectNode();
        for (String id : ids) {
            list.withArray("data").addObject().put("type", "model").put("id", id).put("display_name", id)
                    .put("created_at", "2025-02-19T00:00:00Z");
        }
        list.withArray("data");
        list.put("has_more", false);
        return json(200, list.toString());
    }

    /** Gemini's {@code GET /v1beta/models}: {@code {"models":[{"name":"models/...","displayName"}]}}. */
    public static Responder geminiModels(String... ids) {
        com.fasterxml.jackson.databind.node.ObjectNode list = MAPPER.createObjectNode();
        for (String id : ids) {
            list.withArray("models").addObject().put("name", "models/" + id).put("displayName", id);
        }
        return json(200, list.toString());
    }

    /** Ollama's {@code GET /api/tags}: {@code {"models":[{"name","model","modified_at","size"}]}}. */
    public static Responder ollamaTags(String... names) {
        com.fasterxml.jackson.databind.node.ObjectNode list = MAPPER.createObjectNode();
        for (String name : names) {
            list.withArray("models").addObject().put("name", name).put("model", name)
                    .put("modified_at", "2024-05-01T10:00:00.123456789-07:00").put("size", 1);
        }
        list.withArray("models");
        return json(200, list.toString());
    }

    /** Answers after a pause (a slow provider). */
    public static Responder slow(long millis, Responder then) {
        return ex -> {
            Thread.sleep(millis);
            then.respond(ex);
        };
    }

    /** Promises a body, sends a few bytes of it and closes the connection (a provider dying mid-answer). */
    public static Responder drop() {
        return ex -> {
            ex.getResponseHeaders().set("content-type", "application/json");
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            throw new IOException("dropped on purpose");
        };
    }

    /** A stream of raw frames (each already framed as SSE or NDJSON), written and flushed one by one. */
    public static Responder stream(String contentType, List<Frame> frames) {
        return ex -> {
            ex.getResponseHeaders().set("content-type", contentType);
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (Frame f : frames) {
                f.before().run();
                if (f.pauseMillis() > 0) {
                    Thread.sleep(f.pauseMillis());
                }
                if (f.dropHere()) {
                    out.flush();
                    throw new Cut(); // closing the exchange would end the chunked body properly
                }
                try {
                    out.write(f.bytes());
                    out.flush();
                } catch (IOException e) {
                    throw new ClientGone();
                }
            }
            out.close();
        };
    }

    /** One frame of a stream; {@code before} runs first (e.g. waits on a latch), then the pause. */
    public record Frame(byte[] bytes, long pauseMillis, Runnable before, boolean dropHere) {
        public static Frame sse(String data) {
            return new Frame(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), 0, () -> { }, false);
        }

        public static Frame sse(String event, String data) {
            return new Frame(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), 0,
                    () -> { }, false);
        }

        public static Frame line(String json) {
            return new Frame((json + "\n").getBytes(StandardCharsets.UTF_8), 0, () -> { }, false);
        }

        public static Frame drop() {
            return new Frame(new byte[0], 0, () -> { }, true);
        }

        public Frame after(long millis) {
            return new Frame(bytes, millis, before, dropHere);
        }

        public Frame waitFor(CountDownLatch latch) {
            return new Frame(bytes, pauseMillis, () -> {
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, dropHere);
        }
    }

    /** A port on 127.0.0.1 where nothing listens (for refused connections). */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ClientGone extends RuntimeException {
    }

    /** Ends the connection without finishing the response, as a provider that dies mid-stream. */
    private static final class Cut extends RuntimeException {
        Cut() {
            super("connection cut on purpose", null, false, false);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
