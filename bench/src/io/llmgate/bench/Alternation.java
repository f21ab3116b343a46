package io.llmgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.llmgate.model.logs.LogProperties;

/**
 * The request log switched on and off by the gateway itself every few seconds while one long wrk run loads it, in
 * the order on, off, off, on, on, off... (a linear drift of the machine's speed cancels within each four windows).
 * Each window is measured after a settling part (the writer's last batch of an "on" window is written then), and
 * printed as a {@code WINDOW} line: requests/s and CPU per request of the process and of its threads by kind.
 * Adjacent windows make a pair; with hundreds of pairs a second apart, the VM's slow swings of speed (tens of
 * percent over minutes here) cancel in the ratio, which separate 5 s runs could not resolve.
 */
final class Alternation {

    private final MeterRegistry registry;
    private final LogProperties logs;
    private final PrintStream out;

    Alternation(MeterRegistry registry, LogProperties logs, PrintStream out) {
        this.registry = registry;
        this.logs = logs;
        this.out = out;
    }

    void run(double periodSeconds, int windows) throws Exception {
        long period = (long) (periodSeconds * 1e9);
        long settle = period / 4;
        // windows on a fixed schedule: measuring and printing must not push later windows past the wrk run's end
        long first = System.nanoTime();
        for (int w = 0; w < windows; w++) {
            boolean on = (w % 4 == 0) || (w % 4 == 3);
            long start = first + w * period;
            sleepUntil(start);
            logs.setEnabled(on);
            sleepUntil(start + settle);
            Snapshot a = snapshot();
            sleepUntil(start + period);
            Snapshot b = snapshot();
            double requests = b.requests - a.requests;
            double seconds = (b.nanos - a.nanos) / 1e9;
            double perRequest = requests == 0 ? 0 : 1e6 / requests; // µs per request, of one second of CPU
            out.printf(Locale.ROOT, "WINDOW logs=%s rps=%.1f gateway_cpu_us=%.1f request_threads_us=%.1f "
                            + "writer_cpu_us=%.2f gc_us=%.2f jit_us=%.2f cpu0_irq_us=%.2f cpu0_steal_us=%.2f "
                            + "cpu0_idle_pct=%.1f queue_depth=%.0f dropped=%.0f uptime_ms=%d%n",
                    on ? "on" : "off", requests / seconds, (b.cpuNanos - a.cpuNanos) / 1e9 * perRequest,
                    (b.ticks[0] - a.ticks[0]) / TICKS * perRequest, (b.ticks[1] - a.ticks[1]) / TICKS * perRequest,
                    (b.ticks[2] - a.ticks[2]) / TICKS * perRequest, (b.ticks[3] - a.ticks[3]) / TICKS * perRequest,
                    (b.cpu0[0] - a.cpu0[0]) / TICKS * perRequest, (b.cpu0[1] - a.cpu0[1]) / TICKS * perRequest,
                    (b.cpu0[2] - a.cpu0[2]) / TICKS / seconds * 100, b.queueDepth, b.dropped - a.dropped,
                    ManagementFactory.getRuntimeMXBean().getUptime()); // to match -Xlog:gc lines to windows
        }
        logs.setEnabled(true);
        out.println("ALTERNATION DONE");
    }

    private static final double TICKS = 100.0;

    private record Snapshot(long nanos, double requests, long cpuNanos, long[] ticks, long[] cpu0, double queueDepth,
                            double dropped) {
    }

    private Snapshot snapshot() throws IOException {
        double requests = registry.find("llmgate.requests").counters().stream().mapToDouble(Counter::count).sum();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Gauge depth = registry.find("llmgate.log.queue.depth").gauge();
        double dropped = registry.find("llmgate.log.dropped").counters().stream().mapToDouble(Counter::count).sum();
        return new Snapshot(System.nanoTime(), requests, cpu, threadTicks(), cpu0(),
                depth == null ? Double.NaN : depth.value(), dropped);
    }

    /**
     * CPU 0's interrupt and softirq ticks, which no thread is charged for (network receive work, on loopback also
     * the peer's: PostgreSQL's share of the writer's COPY traffic lands here), and its steal ticks (time the VM's
     * host gave to others), and its idle ticks.
     */
    private static long[] cpu0() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu0 ")) {
                String[] f = line.trim().split("\\s+");
                return new long[] {Long.parseLong(f[6]) + Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[4])};
            }
        }
        return new long[3];
    }

    /** CPU ticks of this JVM's threads by kind, as bench/throughput.sh reads them: request path, writer, GC, JIT. */
    private static long[] threadTicks() throws IOException {
        long[] ticks = new long[4];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm;
                String stat;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                int kind = comm.startsWith("Camel") || comm.startsWith("upstream") ? 0
                        : comm.startsWith("request-log") ? 1
                        : comm.startsWith("VM Thread") || comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? 2
                        : comm.startsWith("C1 ") || comm.startsWith("C2 ") || comm.startsWith("Sweeper") ? 3 : -1;
                if (kind >= 0) {
                    ticks[kind] += t;
                }
            }
        }
        return ticks;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
