package io.llmgate.model.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.LoadingCache;


/**
 * A busy key's entry must be reloaded in the background before it expires: with expiry alone the request that
 * found it expired reloaded it from the database while every other request for the key waited (100+ ms stalls
 * under load). And no entry may be served older than the ttl.
 */
class GovernanceCachesTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor();
    private final List<Thread> loadedOn = new CopyOnWriteArrayList<>();
    private final AtomicInteger version = new AtomicInteger();

    @AfterEach
    void stop() {
        refresher.shutdownNow();
    }

    private LoadingCache<String, Integer> cache() {
        return GovernanceCaches.loading(100, Duration.ofSeconds(1), nanos::get, refresher, key -> {
            loadedOn.add(Thread.currentThread());
            return version.incrementAndGet();
        });
    }

    @Test
    void aBusyEntryIsReloadedInTheBackgroundAndNeverByTheRequest() throws Exception {
        LoadingCache<String, Integer> cache = cache();
        assertThat(cache.get("k")).isEqualTo(1);
        for (int step = 1; step <= 6; step++) {          // a request every 0.6 s, past the 1 s ttl several times
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
            cache.get("k");
            refresher.submit(() -> { }).get();            // the background reload, if one was started, has ended
        }
        assertThat(loadedOn).hasSizeGreaterThan(1);
        // only the very first load ran on the caller; every later one on the refresh executor
        assertThat(loadedOn.subList(1, loadedOn.size())).doesNotContain(Thread.currentThread());
        assertThat(cache.get("k")).isEqualTo(version.get());
    }

    @Test
    void anIdleEntryIsNotServedOlderThanTheTtl() {
        LoadingCache<String, Integer> cache = cache();
        assertThat(cache.get("k")).isEqualTo(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
        assertThat(cache.get("k")).isEqualTo(2);
    }
}
