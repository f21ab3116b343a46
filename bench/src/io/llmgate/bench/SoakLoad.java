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
 * streamed) through the gateway for {@code seconds}. Prints a line every 10 s and a summary per phase — the first
 * {@code warm-up seconds} (a cold JIT on a busy machine can miss the 800 ms timeouts) and the rest; exits 1 when a
 * request of the measured phase failed (other than a stream cut after its first chunks), hung, or took longer than
 * its bound.
 * <p>
 * {@code java -cp "$(bench/classpath.sh)" io.llmgate.bench.SoakLoad <gateway port> <seconds> <clients> [warm-up s]}
 */
public final class SoakLoad {

    /** What one phase saw: outcomes by kind, the slowest request, and those over the bound. */
    static final class Tally {
        final String phase;
        final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
        final AtomicLong total = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final AtomicLong overBound = new AtomicLong();
        final LongAccumulator max = new LongAccumulator(Math::max, 0);

        Tally(String phase) {
            this.phase = phase;
        }

        void add(FaultLoad.Outcome o) {
            total.incrementAndGet();
            kinds.computeIfAbsent(o.kind(), k -> new AtomicLong()).incrementAndGet();
            max.accumulate(o.millis());
            if (o.millis() > FaultLoad.BOUND_MS && overBound.incrementAndGet() <= 20) {
                System.out.println(phase + ": over the bound: " + o);
            }
            if (!FaultLoad.allowed(Fault.MIXED, o.kind()) && wrong.incrementAndGet() <= 20) {
                System.out.println(phase + ": not allowed: " + o);
            }
        }

        boolean clean() {
            return wrong.get() == 0 && overBound.get() == 0;
        }

        void print() {
            Map<String, Long> sorted = new TreeMap<>();
            kinds.forEach((k, v) -> sorted.put(k, v.get()));
            System.out.printf("SOAK %s requests=%d not_allowed=%d hung=%d over_bound=%d max_ms=%d bound_ms=%d%n",
                    phase, total.get(), wrong.get(), sorted.getOrDefault("hung", 0L), overBound.get(), max.get(),
                    FaultLoad.BOUND_MS);
            System.out.println("outcomes " + phase + ": " + sorted);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        int clients = Integer.parseInt(args[2]);
        long warmupSeconds = args.length > 3 ? Long.parseLong(args[3]) : 60;
        Tally warmup = new Tally("warm-up");
        Tally measured = new Tally("measured");
        long start = System.nanoTime();
        long measuredFrom = start + warmupSeconds * 1_000_000_000L;
        long end = start + seconds * 1_000_000_000L;
        try (FaultProvider primary = new FaultProvider("primary", Fault.MIXED);
             FaultProvider fallback = new FaultProvider("fallback", Fault.NONE)) {
            Thread progress = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.printf("%4d s: %d + %d requests (warm-up + measured), %d + %d not allowed, max %d ms%n",
                            (System.nanoTime() - start) / 1_000_000_000L, warmup.total.get(), measured.total.get(),
                            warmup.wrong.get(), measured.wrong.get(), measured.max.get());
                }
            }, "soak-progress");
            progress.setDaemon(true);
            progress.start();
            // a request belongs to the phase it started in
            FaultLoad.drive(port, FaultLoad.fallbackConfig(primary.baseUrl(), fallback.baseUrl()), clients,
                    i -> System.nanoTime() < end,
                    o -> (System.nanoTime() - o.millis() * 1_000_000L < measuredFrom ? warmup : measured).add(o));
            progress.interrupt();
        }
        warmup.print();
        measured.print();
        System.exit(measured.clean() ? 0 : 1);
    }
}
