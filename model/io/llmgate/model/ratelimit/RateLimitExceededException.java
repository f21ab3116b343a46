package io.llmgate.model.ratelimit;

import java.util.Map;

/** A request over a rate limit; carries the rate-limit headers and the seconds to wait. */
public class RateLimitExceededException extends RuntimeException {

    private final String metric;
    private final long retryAfterSeconds;
    private final Map<String, String> headers;

    public RateLimitExceededException(String metric, String message, long retryAfterSeconds,
                                      Map<String, String> headers) {
        super(message, null, false, false);
        this.metric = metric;
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    /** {@code requests} or {@code tokens}. */
    public String metric() { return metric; }
    public long retryAfterSeconds() { return retryAfterSeconds; }
    public Map<String, String> headers() { return headers; }
}
