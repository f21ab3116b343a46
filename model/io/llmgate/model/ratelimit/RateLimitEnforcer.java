package io.llmgate.model.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.governance.GovernanceCaches;
import io.llmgate.model.governance.GovernanceProperties;
import io.llmgate.model.governance.UsageSubject;

/**
 * Applies the rate limits of a request's workspace, API key, virtual key and end user. Requests count 1 when
 * admitted; tokens count the estimate when admitted and are corrected to the real usage when the request ends.
 * {@link Admission#headers()} are OpenAI's {@code x-ratelimit-*} headers for the tightest limit of each kind.
 */
@Component
public class RateLimitEnforcer {

    /** A counted request: settle it once with the tokens it really used. */
    public static final class Admission {
        static final Admission NONE = new Admission(List.of(), Map.of(), 0, 0);

        private final List<Counted> counted;
        private final Map<String, String> headers;
        private final long atMillis;
        private final long estimatedTokens;

        Admission(List<Counted> counted, Map<String, String> headers, long atMillis, long estimatedTokens) {
            this.counted = counted;
            this.headers = headers;
            this.atMillis = atMillis;
            this.estimatedTokens = estimatedTokens;
        }

        public Map<String, String> headers() { return headers; }
    }

    record Counted(RateLimitRule rule, String key, long amount) {
    }

    /** The tightest limit of one metric, for the headers. */
    private record Tightest(long limit, long remaining, long resetMillis) {
    }

    private final RateLimitCounters counters;
    private final Clock clock;
    private final LoadingCache<String, List<RateLimitRule>> rules;

    public RateLimitEnforcer(RateLimitRepository repository, RateLimitCounters counters, Clock clock, Ticker ticker,
                             GovernanceProperties properties, TransactionTemplate tx) {
        this.counters = counters;
        this.clock = clock;
        this.rules = GovernanceCaches.loading(10_000, properties.getAuth().getCacheTtl(), ticker, ws -> tx.execute(s -> repository.findByWorkspaceIdOrderByCreatedAt(ws).stream()
                        .filter(RateLimit::isEnabled).map(RateLimitRule::of).toList()));
    }

    /**
     * Counts the request against every limit that applies.
     *
     * @throws RateLimitExceededException for the first limit it does not fit in; nothing stays counted
     */
    public Admission admit(UsageSubject subject, long estimatedTokens) {
        if (subject.workspaceId() == null) {
            return Admission.NONE;
        }
        List<RateLimitRule> applicable = rules.get(subject.workspaceId());
        if (applicable.isEmpty()) {
            return Admission.NONE;
        }
        long now = clock.millis();
        List<Counted> counted = new ArrayList<>();
        Tightest requests = null;
        Tightest tokens = null;
        for (RateLimitRule rule : applicable) {
            String counter = subject.counterFor(rule.scopeType(), rule.scopeRef());
            if (counter == null) {
                continue;
            }
            String key = "rl:" + rule.id() + ":" + counter;
            boolean isTokens = rule.metric() == RateLimit.Metric.TOKENS;
            long amount = isTokens ? estimatedTokens : 1;
            RateLimitCounters.Result r = counters.tryAcquire(key, rule.window(), rule.max(), amount, now);
            Tightest t = new Tightest(rule.max(), Math.max(0, rule.max() - r.used()), r.resetMillis());
            if (isTokens) {
                tokens = tighter(tokens, t);
            } else {
                requests = tighter(requests, t);
            }
            if (!r.allowed()) {
                for (Counted c : counted) {
                    counters.adjust(c.key(), c.rule().window(), -c.amount(), now, now);
                }
                long seconds = Math.max(1, (r.retryAfterMillis() + 999) / 1000);
                String metric = isTokens ? "tokens" : "requests";
                String message = "Rate limit " + rule.describe() + " reached: " + r.used() + " " + metric
                        + " used in the last " + rule.unit().name().toLowerCase() + (isTokens ? ", this request "
                        + "needs up to " + amount : "") + (amount > rule.max() ? " (more than the whole limit)" : "")
                        + ". Retry in " + seconds + "s.";
                throw new RateLimitExceededException(metric, message, seconds, headers(requests, tokens));
            }
            counted.add(new Counted(rule, key, amount));
        }
        if (counted.isEmpty()) {
            return Admission.NONE;
        }
        return new Admission(List.copyOf(counted), headers(requests, tokens), now, estimatedTokens);
    }

    /** Corrects token counts from the estimate to what the request used. */
    public void settle(Admission admission, long actualTokens) {
        if (admission == null || admission.counted.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (Counted c : admission.counted) {
            if (c.rule().metric() == RateLimit.Metric.TOKENS && actualTokens != c.amount()) {
                counters.adjust(c.key(), c.rule().window(), actualTokens - c.amount(), admission.atMillis, now);
            }
        }
    }

    public void invalidate(String workspaceId) {
        rules.invalidate(workspaceId);
    }

    private static Tightest tighter(Tightest a, Tightest b) {
        if (a == null) {
            return b;
        }
        // the one with the smaller share left is the one the client will hit first
        return (double) b.remaining() / Math.max(1, b.limit()) < (double) a.remaining() / Math.max(1, a.limit())
                ? b : a;
    }

    private static Map<String, String> headers(Tightest requests, Tightest tokens) {
        Map<String, String> h = new LinkedHashMap<>();
        if (requests != null) {
            h.put("x-ratelimit-limit-requests", String.valueOf(requests.limit()));
            h.put("x-ratelimit-remaining-requests", String.valueOf(requests.remaining()));
            h.put("x-ratelimit-reset-requests", duration(requests.resetMillis()));
        }
        if (tokens != null) {
            h.put("x-ratelimit-limit-tokens", String.valueOf(tokens.limit()));
            h.put("x-ratelimit-remaining-tokens", String.valueOf(tokens.remaining()));
            h.put("x-ratelimit-reset-tokens", duration(tokens.resetMillis()));
        }
        return h;
    }

    /** OpenAI's reset format: {@code 250ms}, {@code 1s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long s = (millis + 999) / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        return m < 60 ? m + "m" + (s % 60) + "s" : (m / 60) + "h" + (m % 60) + "m" + (s % 60) + "s";
    }
}
