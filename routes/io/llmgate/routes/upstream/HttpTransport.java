package io.llmgate.routes.upstream;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;

import io.llmgate.routes.provider.UpstreamRequest;

/**
 * HTTP/1.1 to providers on Netty, with a keep-alive connection pool per host. Responses are pushed to a
 * {@link ResponseHandler} as they arrive, on the connection's event loop: no thread waits and no thread hops
 * between the socket and the translation of a stream chunk.
 */
final class HttpTransport implements AutoCloseable {

    private static final AttributeKey<Exchange> CURRENT = AttributeKey.valueOf("llmgate.exchange");
    private static final AttributeKey<Integer> USES = AttributeKey.valueOf("llmgate.uses");

    private final EventLoopGroup group;
    private final SslContext ssl;
    private final AbstractChannelPoolMap<URI, SimpleChannelPool> pools;

    /**
     * @param trustManagers the CAs that provider certificates must chain to; null for the JVM's default (cacerts)
     */
    HttpTransport(Duration connectTimeout, int threads, TrustManagerFactory trustManagers) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("upstream", true));
        try {
            SslContextBuilder tls = SslContextBuilder.forClient();
            if (trustManagers != null) {
                tls.trustManager(trustManagers);
            }
            this.ssl = tls.build();
        } catch (SSLException e) {
            throw new IllegalStateException("no TLS for provider calls", e);
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.pools = new AbstractChannelPoolMap<>() {
            @Override
            protected SimpleChannelPool newPool(URI origin) {
                boolean tls = "https".equals(origin.getScheme());
                return new SimpleChannelPool(bootstrap.clone().remoteAddress(origin.getHost(), origin.getPort()),
                        new AbstractChannelPoolHandler() {
                            @Override
                            public void channelCreated(Channel ch) {
                                if (tls) {
                                    ch.pipeline().addLast(tlsHandler(ch, origin));
                                }
                                ch.pipeline().addLast(new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
                                ch.pipeline().addLast(new HttpContentDecompressor());
                                ch.pipeline().addLast(new Dispatcher());
                            }
                        });
            }
        };
    }

    /** TLS with SNI and hostname verification: Netty checks the chain, the engine checks the name. */
    private SslHandler tlsHandler(Channel ch, URI origin) {
        SslHandler handler = ssl.newHandler(ch.alloc(), origin.getHost(), origin.getPort());
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }

    /** An exchange in progress; cancel closes its connection. */
    final class Exchange {
        private final ResponseHandler handler;
        private final ChannelPool pool;
        private final FullHttpRequest request;
        private volatile Channel channel;
        private volatile boolean done;
        private boolean headersSeen;
        private boolean keepAlive;
        private boolean mayRetry;

        Exchange(ResponseHandler handler, ChannelPool pool, FullHttpRequest request) {
            this.handler = handler;
            this.pool = pool;
            this.request = request;
        }

        void start(boolean retryOnStale) {
            mayRetry = retryOnStale;
            pool.acquire().addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                    return;
                }
                Channel ch = (Channel) f.getNow();
                if (done) {
                    pool.release(ch);
                    return;
                }
                channel = ch;
                int uses = ch.attr(USES).get() == null ? 0 : ch.attr(USES).get();
                ch.attr(USES).set(uses + 1);
                ch.attr(CURRENT).set(this);
                ch.config().setAutoRead(true);
                ch.writeAndFlush(request.retainedDuplicate()).addListener(w -> {
                    if (!w.isSuccess()) {
                        onClosed(ch, uses > 0, w.cause());
                    }
                });
            });
        }

        /** Stops reading from the provider until {@link #resume()}: a slow client holds the provider back. */
        void pause() {
            Channel ch = channel;
            if (ch != null) {
                ch.config().setAutoRead(false);
            }
        }

        void resume() {
            Channel ch = channel;
            if (ch != null) {
                ch.config().setAutoRead(true);
            }
        }

        /** Runs work on this exchange's connection's event loop, where the provider's events arrive: no race. */
        void execute(Runnable work) {
            Channel ch = channel;
            if (ch != null && !ch.eventLoop().inEventLoop()) {
                ch.eventLoop().execute(work);
            } else {
                work.run();
            }
        }

        void cancel() {
            if (!done) {
                done = true;
                release();
                Channel ch = channel;
                if (ch != null) {
                    ch.close();
                }
            }
        }

        private void onResponse(HttpResponse response) {
            headersSeen = true;
            keepAlive = HttpUtil.isKeepAlive(response);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(), k -> new ArrayList<>())
                    .add(h.getValue()));
            handler.onHeaders(response.status().code(), HttpHeaders.of(headers, (a, b) -> true));
        }

        private void onContent(HttpContent content, Channel ch) {
            if (content.content().isReadable()) {
                handler.onData(content.content().nioBuffer());
            }
            if (content instanceof LastHttpContent && !done) {
                done = true;
                ch.attr(CURRENT).set(null);
                release();
                if (keepAlive) {
                    pool.release(ch);
                } else {
                    ch.close();
                }
                handler.onEnd();
            }
        }

        /**
         * The connection went away. A pooled one the provider closed while idle fails before any answer: that
         * request never reached the provider, so it is sent once more on a fresh connection.
         */
        private void onClosed(Channel ch, boolean wasReused, Throwable cause) {
            ch.attr(CURRENT).set(null);
            ch.close();
            if (done) {
                return;
            }
            if (wasReused && mayRetry && !headersSeen) {
                start(false);
                return;
            }
            fail(cause != null ? cause : new ClosedChannelException());
        }

        private void fail(Throwable cause) {
            if (!done) {
                done = true;
                release();
                handler.onError(cause);
            }
        }

        private void release() {
            if (request.refCnt() > 0) {
                request.release();
            }
        }
    }

    /** Routes a pooled connection's events to the exchange currently using it. */
    private final class Dispatcher extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                Exchange ex = ctx.channel().attr(CURRENT).get();
                if (ex == null || ex.done) {
                    return; // a late byte from a cancelled exchange
                }
                if (msg instanceof HttpResponse response) {
                    ex.onResponse(response);
                }
                if (msg instanceof HttpContent content) {
                    ex.onContent(content, ctx.channel());
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange ex = ctx.channel().attr(CURRENT).get();
            if (ex != null) {
                Integer uses = ctx.channel().attr(USES).get();
                ex.onClosed(ctx.channel(), uses != null && uses > 1, null);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange ex = ctx.channel().attr(CURRENT).get();
            ctx.channel().attr(CURRENT).set(null);
            ctx.close();
            if (ex != null) {
                ex.fail(cause);
            }
        }
    }

    /** Starts an exchange; the handler hears of it from now on, possibly before this method returns. */
    Exchange send(UpstreamRequest request, ResponseHandler handler) {
        Exchange exchange = prepare(request, handler);
        exchange.start(true);
        return exchange;
    }

    /** An exchange that has not started: {@code start(true)} sends it. */
    Exchange prepare(UpstreamRequest request, ResponseHandler handler) {
        URI uri = request.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        URI origin = URI.create((tls ? "https" : "http") + "://" + uri.getHost() + ":" + port);
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                target, request.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(request.body()));
        request.headers().forEach((name, value) -> http.headers().set(name, value));
        http.headers().set(HttpHeaderNames.HOST, uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        http.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP);
        if (request.body() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        }
        return new Exchange(handler, pools.get(origin), http);
    }

    /** The event loops calls to providers run on (gateway.server.upstream-threads). */
    int eventLoops() {
        return ((io.netty.util.concurrent.MultithreadEventExecutorGroup) group).executorCount();
    }

    @Override
    public void close() {
        pools.close();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
