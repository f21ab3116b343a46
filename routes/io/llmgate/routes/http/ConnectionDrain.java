package io.llmgate.routes.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway port's connections, for a graceful stop. Each connection knows whether a response is in progress (a
 * request came in and its last chunk has not been written, streams included). {@link #startDraining()} closes the
 * listening socket (new connections are refused) and every idle connection; a request that still arrives on a
 * kept-alive connection gets a 503 in OpenAI's shape; a connection whose response completes is closed.
 * <p>
 * One instance is shared (it is a ChannelHandler only because Camel's list of encoders takes those); Camel asks it
 * for a handler per connection. It sits among the encoders, so it sees the decoded request on the way in and the
 * response objects, not bytes, on the way out.
 */
@Component
public class ConnectionDrain extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private static final byte[] REFUSED = ClosingJsonResponse.errorBody("server_error", "server_shutting_down",
            "the gateway is shutting down and takes no new requests; retry on another instance");

    private final ChannelGroup connections = new DefaultChannelGroup("gateway-connections",
            GlobalEventExecutor.INSTANCE);
    private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private int busy; // connections with a response in progress; guarded by lock
    private volatile boolean draining;

    @Override
    public ChannelHandler newChannelHandler() {
        return new Tracker();
    }

    /** Stops taking connections and requests; idle connections are closed now, busy ones when their answer ends. */
    public void startDraining() {
        draining = true;
        for (Channel listener : listeners) {
            listener.close();
        }
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> {
                Tracker t = ch.pipeline().get(Tracker.class);
                if (t != null && t.inFlight == 0) {
                    ch.close();
                }
            });
        }
    }

    public boolean isDraining() {
        return draining;
    }

    /** Connections with a response in progress. */
    public int busy() {
        synchronized (lock) {
            return busy;
        }
    }

    /** Waits until no response is in progress, at most {@code timeout}; true when none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (busy > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void changeBusy(int delta) {
        synchronized (lock) {
            busy += delta;
            lock.notifyAll();
        }
    }

    /** One connection's state; all its methods run on the connection's event loop. */
    private final class Tracker extends ChannelDuplexHandler {
        private int inFlight;
        private boolean refusing;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            Channel ch = ctx.channel();
            if (ch.parent() != null) {
                listeners.add(ch.parent());
            }
            connections.add(ch);
            if (draining) {
                ch.close(); // accepted just before the listening socket closed
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest && draining && inFlight == 0) {
                refusing = true;
                refuse(ctx);
            }
            if (refusing) {
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    ctx.channel().close(); // the body was read: the close cannot reset the 503 away
                }
                return;
            }
            if (msg instanceof HttpRequest) {
                if (inFlight++ == 0) {
                    changeBusy(1);
                }
            }
            ctx.fireChannelRead(msg);
        }

        private void refuse(ChannelHandlerContext ctx) {
            FullHttpResponse response = ClosingJsonResponse.of(HttpResponseStatus.SERVICE_UNAVAILABLE, REFUSED);
            ctx.writeAndFlush(response);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse head && draining) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            if (msg instanceof LastHttpContent) {
                promise = promise.unvoid();
                promise.addListener((ChannelFutureListener) f -> responded(f.channel()));
            }
            super.write(ctx, msg, promise);
        }

        private void responded(Channel ch) {
            if (inFlight > 0 && --inFlight == 0) {
                changeBusy(-1);
                if (draining) {
                    ch.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (inFlight > 0) {
                inFlight = 0;
                changeBusy(-1);
            }
            super.channelInactive(ctx);
        }
    }
}
