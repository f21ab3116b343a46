package io.llmgate.routes.http;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * A response body that is written while the provider is still answering. The provider side calls {@link #send} and
 * {@link #end}; Netty's {@link ChunkedWriteHandler} pulls chunks on its event loop and is woken with
 * {@code resumeTransfer()} when there is more, so no thread ever blocks waiting for the provider.
 * <p>
 * If the client goes away first, Netty closes the input and {@link #onCancel} runs, which cancels the upstream call.
 */
public final class SseStream {

    /** Above this many queued chunks the provider is not asked for more (a slow client holds it back). */
    static final int HIGH_WATER = 64;

    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean ended;
    private volatile boolean lastSent;
    private volatile ChunkedWriteHandler writer;
    private volatile Channel channel;
    private volatile boolean closeConnectionWhenDone;
    private volatile Runnable onCancel = () -> { };
    private volatile Runnable onDrained = () -> { };
    /** Nothing more is written while this is pending (what must be done before the client sees the end). */
    private volatile CompletableFuture<?> endHold;
    private long bytesSent;

    public void send(String sseFrame) {
        send(sseFrame.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) {
        if (ended || cancelled.get()) {
            return;
        }
        queue.add(bytes);
        queued.incrementAndGet();
        resume();
    }

    /**
     * Holds back what is queued from now on, {@code [DONE]} and the end of the body above all, until {@code hold}
     * completes (however it completes). Called before the last frames are sent.
     */
    public void holdEndUntil(CompletionStage<?> hold) {
        CompletableFuture<?> f = hold.toCompletableFuture();
        if (f.isDone()) {
            return;
        }
        endHold = f;
        f.whenComplete((v, e) -> resume());
    }

    /** No more data will follow; the client sees the end of the chunked body. */
    public void end() {
        ended = true;
        resume();
    }

    public boolean isEnded() {
        return ended;
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** True while fewer chunks than the high-water mark wait to be written. */
    public boolean wantsMore() {
        return queued.get() < HIGH_WATER;
    }

    public void onCancel(Runnable action) {
        this.onCancel = action;
        if (cancelled.get()) {
            action.run();
        }
    }

    /** Runs when a full queue has been drained below the high-water mark. */
    public void onDrained(Runnable action) {
        this.onDrained = action;
    }

    void attach(Channel channel, ChunkedWriteHandler writer, boolean closeConnectionWhenDone) {
        this.channel = channel;
        this.writer = writer;
        this.closeConnectionWhenDone = closeConnectionWhenDone;
        resume();
    }

    private void resume() {
        ChunkedWriteHandler w = writer;
        if (w != null) {
            w.resumeTransfer();
        }
    }

    // ---- the Netty side, called on the channel's event loop ----

    boolean isEndOfInput() {
        return lastSent;
    }

    HttpContent readChunk(ByteBufAllocator allocator) {
        CompletableFuture<?> hold = endHold;
        if (hold != null && !hold.isDone()) {
            return null; // resumed when the hold completes
        }
        byte[] next = queue.poll();
        if (next != null) {
            if (queued.getAndDecrement() == HIGH_WATER) {
                onDrained.run();
            }
            bytesSent += next.length;
            return new DefaultHttpContent(Unpooled.wrappedBuffer(next));
        }
        if (ended && !lastSent) {
            lastSent = true;
            if (closeConnectionWhenDone && channel != null) {
                Channel ch = channel;
                // queued behind the last chunk, so the client gets the whole body before the close
                ch.eventLoop().execute(() -> ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
            }
            return LastHttpContent.EMPTY_LAST_CONTENT;
        }
        return null; // nothing yet: Netty waits for resumeTransfer()
    }

    long progress() {
        return bytesSent;
    }

    /** Netty closes the input when the body is done or the channel is gone. */
    void close() {
        queue.clear();
        if (!lastSent && cancelled.compareAndSet(false, true)) {
            onCancel.run();
        }
    }
}
