package io.llmgate.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

import io.llmgate.support.FaultLoad;
import io.llmgate.support.FaultProvider;
import io.llmgate.support.FaultProvider.Fault;

/**
 * The load of bench/soak.sh: a provider that mixes every fault ({@link Fault#MIXED}) as the primary of a fallback
 * config, a healthy one as its fallback, and {@code clients} clients sending chat completions (every other one
 * streamed) through the gateway for {@code seconds}. Prints a line every 10 s and a summary; exits 1 when a request
 * failed (other than a stream cut after its first chunks), hung, or took longer than its bound.
 * <p>
 * {@code java -cp "$(bench/classpath.sh)" io.llmgate.bench.SoakLoad <gateway port> <seconds> <clients>}
 */
public final class SoakLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        int clients = Integer.parseInt(args[2]);
        Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        AtomicLong wrong = new AtomicLong();
        AtomicLong total = new AtomicLong();
        AtomicLong overBound = new AtomicLong();
        LongAccumulator max = new LongAccumulator(Math::max, 0);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (FaultProvider primary = new FaultProvider("primary", Fault.MIXED);
             FaultProvider fallback = new FaultProvider("fallback", Fault.NONE)) {
            Thread progress = new Thread(() -> {
                long t0 = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.printf("%4d s: %d requests, %d not allowed, max %d ms%n",
                            (System.nanoTime() - t0) / 1_000_000_000L, total.get(), wrong.get(), max.get());
                }
            }, "soak-progress");
            progress.setDaemon(true);
            progress.start();
            FaultLoad.drive(port, FaultLoad.fallbackConfig(primary.baseUrl(), fallback.baseUrl()), clients,
                    i -> System.nanoTime() < end, o -> {
                        total.incrementAndGet();
                        kinds.computeIfAbsent(o.kind(), k -> new AtomicLong()).incrementAndGet();
                        max.accumulate(o.millis());
                        if (o.millis() > FaultLoad.BOUND_MS && overBound.incrementAndGet() <= 20) {
                            System.out.println("over the bound: " + o);
                        }
                        if (!FaultLoad.allowed(Fault.MIXED, o.kind()) && wrong.incrementAndGet() <= 20) {
                            System.out.println("not allowed: " + o);
                        }
                    });
            progress.interrupt();
        }
        Map<String, Long> sorted = new TreeMap<>();
        kinds.forEach((k, v) -> sorted.put(k, v.get()));
        long notAllowed = sorted.entrySet().stream().filter(e -> !FaultLoad.allowed(Fault.MIXED, e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("SOAK requests=%d not_allowed=%d hung=%d over_bound=%d max_ms=%d bound_ms=%d%n", total.get(),
                notAllowed, sorted.getOrDefault("hung", 0L), overBound.get(), max.get(), FaultLoad.BOUND_MS);
        System.out.println("outcomes: " + sorted);
        System.exit(notAllowed == 0 && overBound.get() == 0 ? 0 : 1);
    }
}
