package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.routes.upstream.UpstreamClient;
import io.llmgate.support.FaultLoad;
import io.llmgate.support.FaultLoad.Outcome;
import io.llmgate.support.FaultProvider;
import io.llmgate.support.FaultProvider.Fault;
import io.llmgate.support.GatewayTestSupport;

/**
 * Fault runs (issue 19): per kind of provider fault, 16 concurrent clients send a few hundred chat completions,
 * half of them streamed, through an inline fallback config whose first target misbehaves and whose second is
 * healthy. Every request must succeed (the fallback answered) — except streams cut after their first chunks
 * reached the client, which by design end with a {@code stream_truncated} event — none may take longer than its
 * timeouts plus a margin, and afterwards the JVM's live threads and open file descriptors (the gateway runs in this
 * JVM) must come back to the baseline taken after a warm-up with the same load, and no upstream timeout may still
 * be scheduled (each holds its call in the heap until it runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one instance: each would start its GatewayClient's selector thread
class FaultRunTest extends GatewayTestSupport {

    static final int CLIENTS = 16;
    static final int REQUESTS = 240;
    /**
     * Threads and non-socket fds the JVM may have beyond the baseline (Vaadin's Atmosphere scheduler and JDK
     * housekeeping threads come and go); open sockets must be back to the baseline exactly.
     */
    static final int THREAD_SLACK = 2;
    static final int FD_SLACK = 2;

    static final FaultProvider FALLBACK = new FaultProvider("fallback", Fault.NONE);

    @Autowired
    UpstreamClient upstream;
    static Baseline baseline;

    record Baseline(int threads, long fds, List<String> fdTargets, List<String> threadNames) {
        long sockets() {
            return FaultRunTest.sockets(fdTargets);
        }
    }

    @BeforeEach
    void warmUpOnce() throws Exception {
        if (baseline != null) {
            return;
        }
        // the same load with a healthy primary, then a little of each fault: JIT, Netty's event loops and every
        // pool the paths use (the retry scheduler starts at the first retry) are up before the baseline is taken
        try (FaultProvider primary = new FaultProvider("primary", Fault.NONE)) {
            run(primary, CLIENTS * 8);
            for (Fault fault : Fault.values()) { // MIXED included: all of them once more, interleaved
                primary.fault(fault);
                run(primary, CLIENTS * 2);
            }
            // with an idle primary open (its acceptor thread and listening socket), as during the runs' checks
            awaitQuiet(primary);
            baseline = new Baseline(threads(), fds(), fdTargets(), threadNames());
        }
        System.out.printf("fault runs: baseline after warm-up: %d threads, %d fds (%d sockets)%n", baseline.threads(),
                baseline.fds(), baseline.sockets());
    }

    @AfterAll
    static void closeFallback() throws IOException {
        FALLBACK.close();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyRequestSucceedsThroughTheFallbackAndNothingLeaks(Fault fault) throws Exception {
        List<Outcome> outcomes;
        long started = System.nanoTime();
        int peakThreads;
        long peakFds;
        long wallMillis;
        long[] settled;
        int leftOpen;
        int timers;
        try (FaultProvider primary = new FaultProvider("primary", fault)) {
            Run run = run(primary, REQUESTS);
            wallMillis = (System.nanoTime() - started) / 1_000_000;
            outcomes = run.outcomes();
            peakThreads = run.peakThreads();
            peakFds = run.peakFds();
            assertThat(primary.requests()).as("the faulty primary was tried").isGreaterThan(0);
            // before the primary closes its end: a connection the gateway forgot would stay open until then
            settled = awaitBaseline(primary);
            leftOpen = primary.openConnections() + FALLBACK.openConnections();
            timers = upstream.pendingTimers();
        }

        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        long max = outcomes.stream().mapToLong(Outcome::millis).max().orElse(0);
        long[] sorted = outcomes.stream().mapToLong(Outcome::millis).sorted().toArray();
        long p50 = sorted[sorted.length / 2];
        System.out.printf("fault run %s: %d requests in %d ms, %s, p50 %d ms, max %d ms; peak %d threads, %d fds; "
                        + "after: %d threads, %d fds (baseline %d, %d)%n", fault, outcomes.size(), wallMillis, counts,
                p50, max, peakThreads, peakFds, settled[0], settled[1], baseline.threads(), baseline.fds());

        List<Outcome> wrong = outcomes.stream().filter(o -> !FaultLoad.allowed(fault, o.kind())).toList();
        assertThat(wrong.stream().limit(10).toList()).as("requests that did not succeed (%d of %d: %s)", wrong.size(),
                outcomes.size(), counts).isEmpty();
        assertThat(outcomes).hasSize(REQUESTS);
        assertThat(max).as("slowest request, ms (bound %d)", FaultLoad.BOUND_MS)
                .isLessThanOrEqualTo(FaultLoad.BOUND_MS);
        assertThat(leftOpen).as("provider connections the gateway left open").isZero();
        // a timeout task holds its call (stream, headers, translator) until it runs: none may outlive its call
        assertThat(timers).as("upstream timeouts still scheduled for calls that ended").isZero();
        assertThat(settled[0]).as("live threads after the run (baseline %d; new: %s)", baseline.threads(),
                        added(baseline.threadNames(), threadNames()))
                .isLessThanOrEqualTo(baseline.threads() + THREAD_SLACK);
        assertThat(settled[2]).as("open sockets after the run (new fds now: %s)",
                added(baseline.fdTargets(), fdTargets())).isLessThanOrEqualTo(baseline.sockets());
        assertThat(settled[1]).as("open fds after the run (baseline %d; new: %s)", baseline.fds(),
                        added(baseline.fdTargets(), fdTargets()))
                .isLessThanOrEqualTo(baseline.fds() + FD_SLACK);
    }

    record Run(List<Outcome> outcomes, int peakThreads, long peakFds) {
    }

    /** {@code requests} requests from {@link #CLIENTS} clients, every other one streamed; the client closed after. */
    static Run run(FaultProvider primary, int requests) throws Exception {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger peakThreads = new AtomicInteger();
        AtomicLong peakFds = new AtomicLong();
        FaultLoad.drive(GATEWAY_PORT, FaultLoad.fallbackConfig(primary.baseUrl(), FALLBACK.baseUrl()), CLIENTS,
                i -> i < requests, outcome -> {
                    if (outcomes.size() % 16 == 0) {
                        peakThreads.accumulateAndGet(threads(), Math::max);
                        peakFds.accumulateAndGet(fds(), Math::max);
                    }
                    outcomes.add(outcome);
                });
        return new Run(List.copyOf(outcomes), peakThreads.get(), peakFds.get());
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static long fds() {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the fds point to (files, "socket:[inode]", pipes), to name what a failed comparison left open. */
    static List<String> fdTargets() {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "closed meanwhile";
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long sockets(List<String> fdTargets) {
        return fdTargets.stream().filter(t -> t.startsWith("socket:")).count();
    }

    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }

    /** The entries of {@code now} beyond those of {@code before} (a multiset difference). */
    static List<String> added(List<String> before, List<String> now) {
        List<String> extra = new ArrayList<>(now);
        before.forEach(extra::remove);
        return extra;
    }

    /** Waits (a deadline, not a sleep) until the providers' kept-alive connections closed and counts settled. */
    static void awaitQuiet(FaultProvider primary) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int lastThreads = -1;
        long lastFds = -1;
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 5) {
            int t = threads();
            long f = fds();
            stable = FALLBACK.openConnections() + primary.openConnections() == 0 && t == lastThreads && f == lastFds ? stable + 1 : 0;
            lastThreads = t;
            lastFds = f;
            Thread.sleep(100);
        }
    }

    /**
     * Polls until threads and fds are back within the slack of the baseline, no connection to a provider is open
     * (they close idle ones after a second) and no upstream timeout is pending, for up to 10 s; returns the last
     * counts (threads, fds, sockets).
     */
    long[] awaitBaseline(FaultProvider primary) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int t = threads();
        long f = fds();
        while (System.nanoTime() < deadline && (t > baseline.threads() + THREAD_SLACK
                || f > baseline.fds() + FD_SLACK || sockets(fdTargets()) > baseline.sockets()
                || primary.openConnections() + FALLBACK.openConnections() > 0 || upstream.pendingTimers() > 0)) {
            Thread.sleep(50);
            t = threads();
            f = fds();
        }
        return new long[] {t, f, sockets(fdTargets())};
    }
}
