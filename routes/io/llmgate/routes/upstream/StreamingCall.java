package io.llmgate.routes.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.UpstreamException;
import io.llmgate.routes.api.Usage;
import io.llmgate.routes.http.SseStream;
import io.llmgate.routes.provider.ChunkSink;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.StreamTranslator;

/**
 * One streamed provider call: parses the provider's events as they arrive, translates them to OpenAI chunks and
 * feeds the client's {@link SseStream}. Until the first chunk is out, a failure fails {@link #started()} so routing
 * may retry or fall back; after it, the client gets an SSE error event and no {@code [DONE]}.
 */
final class StreamingCall implements ResponseHandler, ChunkSink, InFlightCalls.Cuttable {

    /** Largest error body read from a provider that refuses a stream. */
    private static final int MAX_ERROR_BYTES = 1024 * 1024;

    private final ProviderAdapter adapter;
    private final StreamTranslator translator;
    private final boolean clientWantsUsage;
    private final long promptEstimate;
    private final long startedNanos;
    private final Duration idleTimeout;
    private final ScheduledExecutorService timer;
    private final SseStream sse = new SseStream();
    private final CompletableFuture<UpstreamResult> started = new CompletableFuture<>();
    private final CompletableFuture<UpstreamResult.StreamOutcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final EventParser parser;
    private volatile HttpTransport.Exchange exchange;
    /**
     * The pending timeouts, cancelled when the call ends: a scheduled task holds the call, its stream and headers
     * until it runs — for the idle timeout (300 s by default) that kept every finished stream in the heap that long
     */
    private volatile ScheduledFuture<?> firstEventTimer;
    private volatile ScheduledFuture<?> idleTimer;
    private volatile long lastActivity;
    private int status;
    private HttpHeaders headers;
    private ByteArrayOutputStream errorBody;
    private Usage usage;
    private long contentChars;

    /**
     * @param promptEstimate prompt tokens as the gateway counts them, charged when the provider reports no usage (a
     *                       stream cut before its usage chunk was still sent to the provider)
     */
    StreamingCall(ProviderAdapter adapter, StreamTranslator translator, boolean clientWantsUsage, long promptEstimate,
                  long startedNanos, Duration idleTimeout, ScheduledExecutorService timer) {
        this.adapter = adapter;
        this.translator = translator;
        this.clientWantsUsage = clientWantsUsage;
        this.promptEstimate = promptEstimate;
        this.startedNanos = startedNanos;
        this.idleTimeout = idleTimeout;
        this.timer = timer;
        this.lastActivity = startedNanos;
        this.parser = new EventParser(adapter.framing(), (event, data) -> translator.onEvent(event, data, this));
    }

    CompletableFuture<UpstreamResult> started() {
        return started;
    }

    void watch(HttpTransport.Exchange exchange, Duration firstByteTimeout) {
        this.exchange = exchange;
        firstEventTimer = timer.schedule(() -> {
            if (!started.isDone()) {
                fail(UpstreamException.timeout(adapter.name(), firstByteTimeout.toMillis()));
            }
        }, firstByteTimeout.toMillis(), TimeUnit.MILLISECONDS);
        started.whenComplete((result, failure) -> firstEventTimer.cancel(false));
        // a slow client holds the provider back instead of filling memory
        sse.onDrained(exchange::resume);
        sse.onCancel(() -> {
            exchange.cancel();
            finish(Cancellations.clientDisconnected(adapter.name()), false);
        });
        // failed from outside before the first chunk (the client left): hang up on the provider too
        started.whenComplete((result, failure) -> {
            if (failure != null) {
                finish(failure instanceof GatewayException g ? g : null, false);
                cancelUpstream();
            }
        });
    }

    /** The gateway stops: on the provider connection's event loop, so no chunk of the provider's races the end. */
    @Override
    public void cut() {
        HttpTransport.Exchange ex = exchange;
        Runnable work = () -> fail(Cancellations.shuttingDown(adapter.name()));
        if (ex != null) {
            ex.execute(work);
        } else {
            work.run();
        }
    }

    CompletableFuture<UpstreamResult.StreamOutcome> outcome() {
        return outcome;
    }

    @Override
    public void onHeaders(int status, HttpHeaders headers) {
        this.status = status;
        this.headers = headers;
        if (status / 100 != 2) {
            errorBody = new ByteArrayOutputStream();
        }
    }

    @Override
    public void onData(ByteBuffer data) {
        lastActivity = System.nanoTime();
        if (errorBody != null) {
            if (errorBody.size() < MAX_ERROR_BYTES) {
                write(errorBody, data);
            }
            return;
        }
        if (!guarded(() -> parser.feed(data))) {
            return;
        }
        if (!sse.wantsMore() && !finished.get()) {
            exchange.pause();
            if (sse.wantsMore()) {
                exchange.resume(); // drained meanwhile: its callback may have run before the pause
            }
        }
    }

    @Override
    public void onEnd() {
        if (errorBody != null) {
            fail(adapter.toError(status, headers, errorBody.toByteArray()));
            return;
        }
        if (!guarded(() -> {
            parser.close();
            translator.onClose(this);
        })) {
            return;
        }
        if (!translator.finished()) {
            fail(UpstreamException.truncated(adapter.name(), "the provider closed the connection mid-stream"));
            return;
        }
        markStarted();
        if (!finished.compareAndSet(false, true)) {
            return; // ended meanwhile by the client, a timeout or the shutdown
        }
        settle(null, true); // first: the listeners may hold the stream's end (until its spend is committed)
        sse.send("data: [DONE]\n\n");
        sse.end();
    }

    /** Runs translation work; a provider event that cannot be translated ends the call. */
    private boolean guarded(Runnable work) {
        try {
            work.run();
            return true;
        } catch (GatewayException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(UpstreamException.badResponse(adapter.name(), e.toString()));
        }
        return false;
    }

    @Override
    public void onError(Throwable failure) {
        GatewayException error = UpstreamClient.classify(failure, adapter.name(), idleTimeout);
        fail(started.isDone() ? UpstreamClient.midStream(error, adapter.name()) : error);
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer data) {
        try {
            Channels.newChannel(out).write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen writing to memory
        }
    }

    /** A translated chunk: send it on, keep its usage, and mark the stream as started at the first one. */
    @Override
    public void chunk(ObjectNode chunk) {
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = Usage.fromOpenAi(u);
            if (chunk.path("choices").isEmpty() && !clientWantsUsage) {
                return; // asked upstream for accounting, not by the client
            }
        }
        for (JsonNode choice : chunk.path("choices")) {
            contentChars += choice.path("delta").path("content").asText("").length()
                    + choice.path("text").asText("").length();
        }
        sse.send("data: " + chunk + "\n\n");
        markStarted();
    }

    private void markStarted() {
        if (!started.isDone()) {
            started.complete(new UpstreamResult.Streaming(adapter.name(), sse, outcome, System.nanoTime() - startedNanos));
            armIdleTimer();
        }
    }

    private void armIdleTimer() {
        long idle = idleTimeout.toNanos();
        long due = lastActivity + idle - System.nanoTime();
        idleTimer = timer.schedule(() -> {
            if (finished.get()) {
                return;
            }
            if (System.nanoTime() - lastActivity >= idle) {
                fail(UpstreamException.timeout(adapter.name(), idleTimeout.toMillis()));
            } else {
                armIdleTimer();
            }
        }, Math.max(due, 1_000_000), TimeUnit.NANOSECONDS);
        if (finished.get()) {
            idleTimer.cancel(false); // ended while this was being armed
        }
    }

    /** Ends the call with an error: before the first chunk routing sees it, after it the client gets an event. */
    private void fail(GatewayException error) {
        if (!started.isDone()) {
            if (started.completeExceptionally(error)) {
                finish(error, false);
                cancelUpstream();
            }
            return;
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        settle(error, false); // before the last event, as in onEnd
        sse.send("data: " + errorJson(error) + "\n\n");
        sse.end();
        cancelUpstream();
    }

    private String errorJson(GatewayException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode err = body.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("code", e.code());
        err.put("provider", adapter.name());
        return body.toString();
    }

    private void finish(GatewayException error, boolean complete) {
        if (finished.compareAndSet(false, true)) {
            settle(error, complete);
        }
    }

    /** Usage as the provider reported it; without a report, the prompt as counted and the content sent so far. */
    private void settle(GatewayException error, boolean complete) {
        Usage reported = usage;
        boolean estimated = reported == null;
        Usage u = reported != null ? reported : new Usage(promptEstimate, (contentChars + 3) / 4, 0);
        outcome.complete(new UpstreamResult.StreamOutcome(u, estimated, complete, error,
                System.nanoTime() - startedNanos));
        ScheduledFuture<?> idle = idleTimer;
        if (idle != null) {
            idle.cancel(false);
        }
    }

    private void cancelUpstream() {
        HttpTransport.Exchange ex = exchange;
        if (ex != null) {
            ex.cancel();
        }
    }
}
