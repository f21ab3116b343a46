package io.llmgate.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmgate.support.FaultProvider.Fault;

/**
 * Load for fault and soak runs (FaultRunTest, bench/soak.sh): concurrent clients sending chat completions, every
 * other one streamed, through a fallback config, each outcome classified ("200 fallback", "stream primary",
 * "stream error stream_truncated", "502 connection_reset", "hung"...).
 */
public final class FaultLoad {

    /** One request: its class, its duration, and the status and start of the body for failure messages. */
    public record Outcome(String kind, long millis, String detail) {
    }

    /** The config's request_timeout: time to the provider's first byte (first event for streams), per attempt. */
    public static final int TIMEOUT_MS = 800;
    /**
     * Slowest acceptable request: two attempts on the primary, its Retry-After (1 s) between them, the fallback's
     * answer, plus a margin for a busy machine.
     */
    public static final long BOUND_MS = 2L * TIMEOUT_MS + 1000 + 3000;
    /** A request not answered by then counts as hung (and the run goes on). */
    public static final long HUNG_MS = 15_000;

    private FaultLoad() {
    }

    /**
     * The inline config of the runs: primary first, then the fallback; one retry on 429/5xx (after Retry-After when
     * the provider sends one); {@link #TIMEOUT_MS} to the first byte (first event for streams) of each attempt.
     */
    public static String fallbackConfig(String primaryUrl, String fallbackUrl) {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"request_timeout\":" + TIMEOUT_MS
                + ",\"retry\":{\"attempts\":1,\"use_retry_after_header\":true},\"targets\":["
                + target(primaryUrl) + "," + target(fallbackUrl) + "]}";
    }

    private static String target(String baseUrl) {
        return "{\"provider\":\"openai\",\"api_key\":\"sk-fault\",\"custom_host\":\"" + baseUrl + "/v1\"}";
    }

    /** Success is the fallback's answer (or the primary's while it answers), whole or streamed to [DONE]. */
    public static boolean allowed(Fault fault, String kind) {
        if (kind.equals("200 fallback") || kind.equals("stream fallback")) {
            return true;
        }
        boolean primaryAnswers = fault == Fault.NONE || fault == Fault.BURST_5XX || fault == Fault.MIXED;
        if (primaryAnswers && (kind.equals("200 primary") || kind.equals("stream primary"))) {
            return true;
        }
        // chunks already reached the client: no fallback is possible, the documented end is this error event
        return (fault == Fault.RESET_MID_STREAM || fault == Fault.MIXED) && kind.equals("stream error stream_truncated");
    }

    /**
     * Runs {@code clients} clients, each sending requests while {@code more} accepts the next request number, on a
     * client of its own that is closed at the end (its connections and selector thread go with it).
     */
    public static void drive(int gatewayPort, String config, int clients, LongPredicate more,
                             Consumer<Outcome> sink) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(workers.submit(() -> {
                    for (long i = next.getAndIncrement(); more.test(i); i = next.getAndIncrement()) {
                        sink.accept(call(http, gatewayPort, config, i % 2 == 1));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdownNow();
            http.close();
            callbacks.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static Outcome call(HttpClient http, int gatewayPort, String config, boolean stream) {
        String body = "{\"model\":\"gpt-4o-mini\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort
                        + "/v1/chat/completions")).header("content-type", "application/json")
                .header("x-gateway-config", config).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = pending.get(HUNG_MS, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            String kind;
            try {
                kind = classify(r.statusCode(), r.body(), stream);
            } catch (AssertionError notJson) {
                kind = r.statusCode() + " not JSON";
            }
            return new Outcome(kind, millis, r.statusCode() + " " + abbreviate(r.body()));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Outcome("hung", HUNG_MS, "no answer within " + HUNG_MS + " ms");
        } catch (Exception e) {
            return new Outcome("client error " + e.getClass().getSimpleName(), (System.nanoTime() - t0) / 1_000_000,
                    String.valueOf(e.getMessage()));
        }
    }

    /** The content's author ("primary", "fallback") for an answer, else what went wrong. */
    static String classify(int status, String body, boolean stream) {
        if (status != 200) {
            JsonNode error = GatewayClient.parse(body).path("error");
            boolean openAiShaped = error.has("message") && error.has("type") && error.has("code")
                    && error.has("param");
            return status + " " + (openAiShaped ? error.path("code").asText() : "unshaped error");
        }
        if (!stream) {
            String content = GatewayClient.parse(body).at("/choices/0/message/content").asText("");
            return "200 " + (content.isEmpty() ? "without content" : content);
        }
        StringBuilder content = new StringBuilder();
        List<String> events = Stream.of(body.split("\n\n")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        for (String event : events) {
            if (!event.startsWith("data: ")) {
                return "stream with a non-data line";
            }
            String data = event.substring(6);
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = GatewayClient.parse(data);
            if (chunk.has("error")) {
                return "stream error " + chunk.at("/error/code").asText();
            }
            content.append(chunk.at("/choices/0/delta/content").asText(""));
        }
        if (events.isEmpty() || !events.get(events.size() - 1).equals("data: [DONE]")) {
            return "stream without [DONE]";
        }
        return "stream " + content;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
