package io.llmgate.model.governance;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The per-request governance caches (API keys, rate-limit and budget rules). An entry is never served older than
 * {@code ttl} (other nodes' changes apply within it), but a busy entry is reloaded in the background once half of
 * it has passed, so it never expires under traffic: with expiry alone, every ttl the request that found the entry
 * expired reloaded it from the database inside the map's lock, and every other request for that key waited for it
 * (JFR: 47 of 77 monitor waits over 100 ms at 2,000 req/s, up to 382 ms; docs/benchmark.md "Runtime settings").
 */
public final class GovernanceCaches {

    private GovernanceCaches() {
    }

    public static <K, V> LoadingCache<K, V> loading(long maximumSize, Duration ttl, Ticker ticker,
                                                    CacheLoader<K, V> loader) {
        return loading(maximumSize, ttl, ticker, ForkJoinPool.commonPool(), loader);
    }

    static <K, V> LoadingCache<K, V> loading(long maximumSize, Duration ttl, Ticker ticker, Executor refreshes,
                                             CacheLoader<K, V> loader) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize).ticker(ticker)
                .expireAfterWrite(ttl).executor(refreshes);
        Duration refresh = ttl.dividedBy(2);
        if (!refresh.isZero()) {
            builder.refreshAfterWrite(refresh);
        }
        return builder.build(loader);
    }
}
