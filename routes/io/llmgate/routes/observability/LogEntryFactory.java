package io.llmgate.routes.observability;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import io.llmgate.model.logs.LogEntry;
import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;
import io.llmgate.routes.api.Usage;

/** Builds the log entry of a request from what the request path already holds: no I/O, no JSON writing. */
@Component
public class LogEntryFactory {

    /**
     * What observability works out once per request and every recorder shares.
     *
     * @param requestBody  the request body to store, or null (bodies off: the entry must not keep the request's JSON
     *                     alive while it waits in the queue)
     * @param responseBody the response body to store, or null
     */
    public record Facts(Instant createdAt, String traceId, CallerIdentity caller, String virtualKey, String configId,
                        boolean cacheHit, BigDecimal cost, JsonNode requestBody, JsonNode responseBody) {
    }

    public LogEntry create(GatewayRequest request, RequestOutcome outcome, Facts facts) {
        List<LogEntry.AttemptEntry> attempts = new ArrayList<>(outcome.attempts().size());
        long upstreamNanos = 0;
        for (Attempt a : outcome.attempts()) {
            attempts.add(new LogEntry.AttemptEntry(a.index(), a.optionPath(), a.provider(), a.model(), a.status(),
                    a.outcome().name(), a.errorType(), a.errorMessage(), millis(a.latencyNanos())));
            upstreamNanos += Math.max(0, a.latencyNanos());
        }
        Usage usage = outcome.usage() == null ? Usage.NONE : outcome.usage();
        CallerIdentity caller = facts.caller();
        return new LogEntry(newId(), request.requestId(), facts.traceId(), facts.createdAt(),
                request.endpoint().scope(), caller.apiKeyId(), caller.apiKeyName(), caller.workspaceId(),
                caller.organizationId(), facts.virtualKey(), facts.configId(), outcome.provider(), outcome.model(),
                outcome.status(), outcome.error() == null ? null : outcome.error().type(),
                outcome.error() == null ? null : outcome.error().code(),
                outcome.error() == null ? null : outcome.error().getMessage(), outcome.streamed(), facts.cacheHit(),
                attempts.size(), millis(outcome.totalNanos()),
                outcome.streamed() && outcome.firstByteNanos() >= 0 ? millis(outcome.firstByteNanos()) : null,
                attempts.isEmpty() ? null : millis(upstreamNanos), usage.promptTokens(), usage.completionTokens(),
                usage.cachedTokens(), outcome.usageEstimated(), facts.cost(), request.metadata(), attempts,
                facts.requestBody(), facts.responseBody());
    }

    /**
     * A request refused before it was parsed (unknown path, bad JSON, failed validation): what is known of it.
     */
    public LogEntry rejected(String requestId, int status, GatewayException error, long totalNanos, Facts facts) {
        CallerIdentity caller = facts.caller();
        return new LogEntry(newId(), requestId == null ? "unknown" : requestId, facts.traceId(), facts.createdAt(),
                null, caller.apiKeyId(), caller.apiKeyName(), caller.workspaceId(), caller.organizationId(), null,
                null, null, null, status, error == null ? null : error.type(), error == null ? null : error.code(),
                error == null ? null : error.getMessage(), false, false, 0, millis(totalNanos), null, null, 0, 0, 0,
                false, null, java.util.Map.of(), List.of(), null, null);
    }

    /**
     * A time-ordered UUID (version 7: 48 bits of epoch milliseconds, then random bits): new rows land at the end of
     * the primary key index instead of at random places, which keeps inserts fast on a big table. No
     * SecureRandom, so no lock on the request path.
     */
    static String newId() {
        return newId(System.currentTimeMillis());
    }

    public static String newId(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (epochMillis << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
