package io.llmgate.routes.upstream;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
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
final class StreamingCall implements HttpResponse.BodyHandler<Void>, ChunkSink {

    private final ProviderAdapter adapter;
    private final StreamTranslator translator;
    private final boolean clientWantsUsage;
    private final long startedNanos;
    private final Duration idleTimeout;
    private final ScheduledExecutorService timer;
    private final SseStream sse = new SseStream();
    private final CompletableFuture<UpstreamResult> started = new CompletableFuture<>();
    private final CompletableFuture<UpstreamResult.StreamOutcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final EventParser parser;
    private volatile CompletableFuture<?> sent;
    /** Set before the gateway cancels the call itself, so that cancellation is not mistaken for a failure. */
    private volatile boolean cancelledByGateway;
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity;
    private Usage usage;
    private long contentChars;

    StreamingCall(ProviderAdapter adapter, StreamTranslator translator, boolean clientWantsUsage, long startedNanos,
                  Duration idleTimeout, ScheduledExecutorService timer) {
        this.adapter = adapter;
        this.translator = translator;
        this.clientWantsUsage = clientWantsUsage;
        this.startedNanos = startedNanos;
        this.idleTimeout = idleTimeout;
        this.timer = timer;
        this.lastActivity = startedNanos;
        this.parser = new EventParser(adapter.framing(), (event, data) -> translator.onEvent(event, data, this));
    }

    CompletableFuture<UpstreamResult> started() {
        return started;
    }

    void watch(CompletableFuture<?> sent, Duration firstByteTimeout) {
        this.sent = sent;
        sent.whenComplete((r, e) -> {
            // a cancel of our own completes this future at once, inside fail(): the error being reported wins
            if (e != null && !cancelledByGateway) {
                fail(UpstreamClient.classify(e, adapter.name(), firstByteTimeout));
            }
        });
        timer.schedule(() -> {
            if (!started.isDone()) {
                fail(UpstreamException.timeout(adapter.name(), firstByteTimeout.toMillis()));
            }
        }, firstByteTimeout.toMillis(), TimeUnit.MILLISECONDS);
        sse.onCancel(() -> {
            cancelUpstream();
            finish(null, false);
        });
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 != 2) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
                fail(adapter.toError(info.statusCode(), info.headers(), body));
                return null;
            });
        }
        return HttpResponse.BodySubscribers.fromSubscriber(new Events());
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
        timer.schedule(() -> {
            if (finished.get()) {
                return;
            }
            if (System.nanoTime() - lastActivity >= idle) {
                fail(UpstreamException.timeout(adapter.name(), idleTimeout.toMillis()));
            } else {
                armIdleTimer();
            }
        }, Math.max(due, 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** Ends the call with an error: before the first chunk routing sees it, after it the client gets an event. */
    private void fail(GatewayException error) {
        if (!started.isDone()) {
            if (started.completeExceptionally(error)) {
                finish(error, false);
                cancelUpstream(); // after the outcome is set: cancelling re-enters fail() through the futures
            }
            return;
        }
        if (finished.get()) {
            return;
        }
        sse.send("data: " + errorJson(error) + "\n\n");
        sse.end();
        finish(error, false);
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
            Usage reported = usage;
            boolean estimated = reported == null;
            Usage u = reported != null ? reported : new Usage(0, (contentChars + 3) / 4, 0);
            outcome.complete(new UpstreamResult.StreamOutcome(u, estimated, complete, error,
                    System.nanoTime() - startedNanos));
        }
    }

    private void cancelUpstream() {
        cancelledByGateway = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> f = sent;
        if (f != null) {
            f.cancel(true);
        }
    }

    private final class Events implements Flow.Subscriber<List<ByteBuffer>> {

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            sse.onDrained(() -> s.request(1));
            if (finished.get()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastActivity = System.nanoTime();
            try {
                for (ByteBuffer b : buffers) {
                    parser.feed(b);
                }
            } catch (GatewayException e) {
                fail(e);
                return;
            } catch (RuntimeException e) {
                fail(UpstreamException.badResponse(adapter.name(), e.toString()));
                return;
            }
            if (sse.wantsMore() && !finished.get()) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(UpstreamClient.classify(t, adapter.name(), idleTimeout));
        }

        @Override
        public void onComplete() {
            try {
                parser.close();
                translator.onClose(StreamingCall.this);
            } catch (GatewayException e) {
                fail(e);
                return;
            } catch (RuntimeException e) {
                fail(UpstreamException.badResponse(adapter.name(), e.toString()));
                return;
            }
            if (!translator.finished()) {
                fail(UpstreamException.truncated(adapter.name(), "the provider closed the connection mid-stream"));
                return;
            }
            markStarted();
            sse.send("data: [DONE]\n\n");
            sse.end();
            finish(null, true);
        }
    }
}
