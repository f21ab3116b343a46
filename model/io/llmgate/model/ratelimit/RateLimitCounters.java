package io.llmgate.model.ratelimit;

import java.time.Duration;

/**
 * Sliding-window counters, the only state of rate limiting: an in-memory implementation per node now, a shared
 * (Redis) one later, without touching the gateway's routes. Amounts are requests or tokens; times are epoch millis
 * from the governance clock.
 */
public interface RateLimitCounters {

    /**
     * @param allowed          whether the amount was counted
     * @param used             amount in the window after the call (without the refused amount)
     * @param retryAfterMillis when refused: time until enough of the window has passed for the amount to fit
     * @param resetMillis      time until the oldest counted amount leaves the window (0 when nothing is counted)
     */
    record Result(boolean allowed, long used, long retryAfterMillis, long resetMillis) {
    }

    /** Counts {@code amount} at {@code nowMillis} if the window's total stays within {@code limit}; atomic. */
    Result tryAcquire(String key, Duration window, long limit, long amount, long nowMillis);

    /**
     * Adds (or, negative, removes) an amount counted at {@code atMillis}, unconditionally: corrects a token
     * estimate to the real usage once a request has ended.
     */
    void adjust(String key, Duration window, long delta, long atMillis, long nowMillis);
}
