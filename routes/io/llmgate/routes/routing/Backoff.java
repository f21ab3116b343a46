package io.llmgate.routes.routing;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.llmgate.routes.api.GatewayException;

/** Delay before a retry: exponential with jitter, or the provider's Retry-After when the config says so. */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, Duration maxRetryAfter, RandomGenerator random) {
        this.random = random;
        this.base = base;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
    }

    /**
     * @param retry 1 for the first retry
     * @return the delay in milliseconds
     */
    public long delayMillis(int retry, GatewayException failure, boolean useRetryAfter) {
        if (useRetryAfter && failure.retryAfterSeconds() != null) {
            // bounded: a provider asking for minutes would hold the client that long
            return Math.min(failure.retryAfterSeconds() * 1000, maxRetryAfter.toMillis());
        }
        long exponential = Math.min(max.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
        // "equal jitter": at least half the delay, so retries spread out without bunching at zero
        return exponential / 2 + random.nextLong(exponential / 2 + 1);
    }
}
