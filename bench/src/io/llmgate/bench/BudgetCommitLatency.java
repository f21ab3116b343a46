package io.llmgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.ConfigurableApplicationContext;

import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.support.ChatJson;
import io.llmgate.support.FakeProvider;
import io.llmgate.support.GatewayTestSupport;

/**
 * What waiting for the commit of a request's budget spend costs a client: sequential chat completions through the
 * gateway (authentication on, one workspace budget) against a fake provider, in windows that switch
 * {@code gateway.budgets.spend-commit-wait} between 5 s (the response waits for the commit) and 0 (spend written in
 * the background, as before) in the order wait, no wait, no wait, wait... so the machine's drift cancels. One JVM,
 * one JIT state for both.
 *
 * With {@code clients} above 1, that many clients send sequentially side by side (each window: requests per
 * window each), so concurrent requests can share a commit; the lines then give requests/s too.
 *
 * <pre>bench/budget-commit.sh [h2|pg] [windows] [requests per window] [clients]</pre>
 */
public final class BudgetCommitLatency {

    private static final String ADMIN_KEY = "lga-benchbud-" + "B".repeat(40);
    private static final String COMPLETION = ChatJson.completion(10, 20);
    private static final String CHAT = ChatJson.chat("test-model", 20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int perWindow = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int port = GatewayTestSupport.freePort();
        int adminPort = GatewayTestSupport.freePort();
        try (FakeProvider upstream = new FakeProvider("bench-openai")) {
            upstream.always(FakeProvider.json(200, COMPLETION));
            List<String> props = new ArrayList<>(List.of(
                    "--gateway.host=127.0.0.1", "--gateway.port=" + port, "--server.port=" + adminPort,
                    "--gateway.auth.enabled=true", "--gateway.bootstrap.admin-api-key=" + ADMIN_KEY,
                    "--gateway.dev-master-key-file=target/bench-master.key",
                    "--gateway.pricing.location=classpath:pricing-test.yml",
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
            props.addAll(db.equals("pg") ? BenchGateway.postgres("llmgate_bench_budget", "llmgate-bench")
                    : BenchGateway.h2File("budget-commit"));
            try (ConfigurableApplicationContext context = BenchGateway.start(props)) {
                GovernanceProperties.Budgets settings = context.getBean(GovernanceProperties.class).getBudgets();
                String admin = "http://127.0.0.1:" + adminPort + "/admin/api";
                String ws = post(admin + "/workspaces", Map.of("name", "bench")).path("id").asText();
                String vk = post(admin + "/workspaces/" + ws + "/virtual-keys", Map.of("name", "vk",
                        "provider", "openai", "secret", "sk-bench", "base_url", upstream.baseUrl() + "/v1"))
                        .path("id").asText();
                post(admin + "/workspaces/" + ws + "/budgets", Map.of("name", "bench", "scope_type", "workspace",
                        "period", "total", "limit_usd", 1_000_000));
                String key = post(admin + "/workspaces/" + ws + "/api-keys", Map.of("name", "bench"))
                        .path("key").asText();
                HttpRequest chat = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + key)
                        .header("x-gateway-virtual-key", vk).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
                for (int i = 0; i < 2000; i++) { // warm-up, both ways
                    settings.setSpendCommitWait(i % 2 == 0 ? Duration.ofSeconds(5) : Duration.ZERO);
                    send(chat);
                }
                int n = windows * perWindow * clients;
                long[] waiting = new long[n];
                long[] background = new long[n];
                AtomicInteger nw = new AtomicInteger();
                AtomicInteger nb = new AtomicInteger();
                long[] wallNanos = new long[2];
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                for (int w = 0; w < windows; w++) {
                    boolean wait = w % 4 == 0 || w % 4 == 3;
                    settings.setSpendCommitWait(wait ? Duration.ofSeconds(5) : Duration.ZERO);
                    long start = System.nanoTime();
                    List<Future<?>> done = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < perWindow; i++) {
                                long t0 = System.nanoTime();
                                send(chat);
                                long took = System.nanoTime() - t0;
                                if (wait) {
                                    waiting[nw.getAndIncrement()] = took;
                                } else {
                                    background[nb.getAndIncrement()] = took;
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                    wallNanos[wait ? 0 : 1] += System.nanoTime() - start;
                }
                pool.shutdown();
                System.out.println(db + ": clients=" + clients + " " + line("wait for commit",
                        Arrays.copyOf(waiting, nw.get()), wallNanos[0]));
                System.out.println(db + ": clients=" + clients + " " + line("background    ",
                        Arrays.copyOf(background, nb.get()), wallNanos[1]));
            }
        }
        System.exit(0);
    }

    private static void send(HttpRequest chat) throws Exception {
        HttpResponse<Void> r = HTTP.send(chat, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("chat completion answered " + r.statusCode());
        }
    }

    private static String line(String name, long[] nanos, long wallNanos) {
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT, "%s n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms mean=%.3f ms %.0f req/s",
                name, nanos.length, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), mean,
                nanos.length / (wallNanos / 1e9));
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static JsonNode post(String url, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private BudgetCommitLatency() {
    }
}
