package io.llmgate.routes.http;

import static io.llmgate.routes.http.ClosingJsonResponse.error;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;

/**
 * What an unauthenticated client may hold of the gateway port: at most {@code max-connections} connections (one more
 * is answered 503 and closed, counted in {@code llmgate.connections.rejected{reason=limit}}); a request (line, headers
 * and body) must arrive within {@code request-read-timeout} of the connection opening; a kept-alive connection may
 * sit idle between requests for {@code idle-timeout}. Neither timer runs while a response is in progress, so a long
 * provider call or a stream is never cut by them. A request Netty could not decode (line or headers over the
 * limits, garbage) gets 414, 431 or 400 in OpenAI's error shape instead of an empty 400.
 * <p>
 * One shared instance; Camel asks it for a handler per connection. It sits among the encoders (like
 * {@link ConnectionDrain}), so it sees decoded requests coming in and response objects going out.
 */
@Component
public class ConnectionGuard extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private final GatewayProperties.Server settings;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter overLimit;
    private final Counter timedOut;
    private final Counter idleClosed;
    private final Counter malformed;

    public ConnectionGuard(GatewayProperties properties, MeterRegistry meters) {
        this.settings = properties.getServer();
        Gauge.builder("llmgate.connections.open", open, AtomicInteger::get)
                .description("open client connections on the gateway port").register(meters);
        this.overLimit = rejected(meters, "limit");
        this.timedOut = rejected(meters, "request_read_timeout");
        this.malformed = rejected(meters, "malformed_request");
        this.idleClosed = Counter.builder("llmgate.connections.idle_closed")
                .description("kept-alive connections closed after the idle timeout").register(meters);
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("llmgate.connections.rejected").tag("reason", reason)
                .description("client connections the gateway answered with an error and closed").register(meters);
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new Guard();
    }

    /** Open client connections now. */
    public int openConnections() {
        return open.get();
    }

    /** One connection; all its methods run on the connection's event loop. */
    private final class Guard extends ChannelDuplexHandler {
        private int inFlight;
        private boolean counted;
        private boolean closing;
        private ScheduledFuture<?> timer;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            counted = true;
            if (open.incrementAndGet() > settings.getMaxConnections()) {
                overLimit.increment();
                answerAndClose(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "server_error",
                        "too_many_connections", "the gateway has " + settings.getMaxConnections()
                                + " open connections, its limit; retry shortly"));
                return;
            }
            arm(ctx, settings.getRequestReadTimeout().toMillis(), false);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                disarm();
                if (request.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    malformed.increment();
                    answerAndClose(ctx, malformed(request.decoderResult().cause()));
                    return;
                }
                inFlight++;
            }
            ctx.fireChannelRead(msg);
        }

        private FullHttpResponse malformed(Throwable cause) {
            if (cause instanceof TooLongHttpLineException) {
                return error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "invalid_request_error", "uri_too_long",
                        "the request line is longer than " + settings.getMaxInitialLineLength() + " bytes");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "invalid_request_error",
                        "headers_too_large", "the request headers are larger than " + settings.getMaxHeaderSize()
                                + " bytes in all");
            }
            return error(HttpResponseStatus.BAD_REQUEST, "invalid_request_error", "malformed_request",
                    "the request is not valid HTTP/1.1");
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                promise = promise.unvoid();
                promise.addListener((ChannelFutureListener) f -> responded(ctx));
            }
            super.write(ctx, msg, promise);
        }

        private void responded(ChannelHandlerContext ctx) {
            if (inFlight > 0 && --inFlight == 0 && ctx.channel().isActive()) {
                arm(ctx, settings.getIdleTimeout().toMillis(), true);
            }
        }

        private void arm(ChannelHandlerContext ctx, long millis, boolean idle) {
            disarm();
            timer = ctx.executor().schedule(() -> {
                if (inFlight > 0 || !ctx.channel().isActive()) {
                    return;
                }
                if (idle) {
                    idleClosed.increment();
                    ctx.close();
                } else {
                    timedOut.increment();
                    answerAndClose(ctx, error(HttpResponseStatus.REQUEST_TIMEOUT, "invalid_request_error",
                            "request_read_timeout", "the request did not arrive within "
                                    + settings.getRequestReadTimeout().toMillis() + " ms"));
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        private void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
            closing = true;
            disarm();
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
                // the client may still be sending what Netty refused: a close with unread bytes would make the
                // kernel send a reset that can destroy the answer. So end our side, keep reading (and dropping)
                // for a moment, then close.
                if (f.channel() instanceof SocketChannel socket && socket.isActive()) {
                    socket.shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            if (counted) {
                counted = false;
                open.decrementAndGet();
            }
            super.channelInactive(ctx);
        }
    }
}
