package io.llmgate.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Open-loop HTTP load generator for bench/compare.sh. Requests are scheduled at a constant rate and each one's
 * latency is measured from its <em>scheduled</em> start, so a stall of the server counts for every request that
 * should have been sent during it (no coordinated omission: a closed-loop tool like wrk just sends fewer). One Netty
 * event loop thread does all I/O and recording (cheap: the machine's cores belong to the system measured), one
 * scheduler thread releases requests when due. A connection pool grows as needed up to --connections; beyond that,
 * due requests queue and the wait counts in their latency.
 *
 * <pre>
 * LoadGen --url URL [--rate R | --closed N] [--duration S] [--warmup S] [--header 'k: v']... [--body JSON|@file]
 *         [--stream] [--connections MAX] [--label NAME] [--per-second] [--timeout S]
 * </pre>
 *
 * Prints one {@code RESULT} line of key=value pairs: achieved rate, errors, latency percentiles in µs; with
 * --stream also time to first chunk ({@code ttft_*}) and first-to-last chunk time ({@code body_*}). --per-second
 * adds a {@code SECOND n rps} line per second (throughput after start-up).
 */
public final class LoadGen {

    private final URI uri;
    private final List<String[]> headers;
    private final byte[] body;
    private final boolean stream;
    private final int maxConnections;
    private final long timeoutNanos;
    private final boolean perSecond;

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final Bootstrap bootstrap;

    // event-loop state only
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private int open;
    private boolean recording;
    private long ok;
    private long errors;
    private long inFlight;
    private final Histogram latency = new Histogram(120_000_000L, 3);
    private final Histogram ttft = new Histogram(120_000_000L, 3);
    private final Histogram bodyTime = new Histogram(120_000_000L, 3);
    private long[] perSecondCounts = new long[0];
    private long startNanos;
    private long closedUntil;
    private final List<String> errorSamples = new ArrayList<>();

    private LoadGen(URI uri, List<String[]> headers, byte[] body, boolean stream, int maxConnections,
                    long timeoutNanos, boolean perSecond) {
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.stream = stream;
        this.maxConnections = maxConnections;
        this.timeoutNanos = timeoutNanos;
        this.perSecond = perSecond;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Handler());
                    }
                });
    }

    /** One request on one connection: its scheduled start, and what arrived so far. */
    private static final class Call {
        final long scheduled;
        long firstChunk;
        int status;
        boolean keepAlive = true;

        Call(long scheduled) {
            this.scheduled = scheduled;
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        Call call;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (call == null) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                call.status = response.status().code();
                call.keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof HttpContent content && call.firstChunk == 0 && content.content().isReadable()) {
                call.firstChunk = System.nanoTime();
            }
            if (msg instanceof LastHttpContent) {
                Call done = call;
                call = null;
                finish(ctx.channel(), done, done.status >= 200 && done.status < 300 ? null : "status " + done.status);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open--;
            idle.remove(ctx.channel());
            if (call != null) {
                Call failed = call;
                call = null;
                finish(null, failed, "connection closed");
            }
            drain();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (call != null) {
                Call failed = call;
                call = null;
                finish(null, failed, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            ctx.close();
        }
    }

    private void finish(Channel ch, Call call, String error) {
        long now = System.nanoTime();
        inFlight--;
        if (recording && call.scheduled >= startNanos) {
            if (error == null) {
                ok++;
                latency.recordValue(Math.max(0, (now - call.scheduled) / 1000));
                if (stream && call.firstChunk != 0) {
                    ttft.recordValue(Math.max(0, (call.firstChunk - call.scheduled) / 1000));
                    bodyTime.recordValue(Math.max(0, (now - call.firstChunk) / 1000));
                }
                if (perSecond) {
                    int second = (int) ((now - startNanos) / 1_000_000_000L);
                    if (second >= 0 && second < perSecondCounts.length) {
                        perSecondCounts[second]++;
                    }
                }
            } else {
                errors++;
                if (errorSamples.size() < 5) {
                    errorSamples.add(error);
                }
            }
        }
        if (now < closedUntil) {
            pending.add(new long[] {now});
        }
        if (ch != null) {
            if (call.keepAlive && ch.isActive()) {
                idle.push(ch);
            } else {
                ch.close();
            }
        }
        drain();
    }

    /** Event loop: starts queued requests on idle connections, opening connections up to the limit. */
    private void drain() {
        long now = System.nanoTime();
        while (!pending.isEmpty()) {
            long scheduled = pending.peek()[0];
            if (timeoutNanos > 0 && now - scheduled > timeoutNanos) {
                pending.poll();
                inFlight++;
                finish(null, new Call(scheduled), "timed out in queue");
                continue;
            }
            Channel ch = idle.poll();
            if (ch != null) {
                pending.poll();
                send(ch, new Call(scheduled));
            } else if (open < maxConnections) {
                open++;
                pending.poll();
                Call call = new Call(scheduled);
                inFlight++;
                bootstrap.connect(uri.getHost(), uri.getPort()).addListener(f -> {
                    if (f.isSuccess()) {
                        inFlight--;
                        send(((io.netty.channel.ChannelFuture) f).channel(), call);
                    } else {
                        open--;
                        finish(null, call, "connect: " + f.cause());
                    }
                });
            } else {
                return;
            }
        }
    }

    private void send(Channel ch, Call call) {
        inFlight++;
        ch.pipeline().get(Handler.class).call = call;
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        for (String[] h : headers) {
            request.headers().add(h[0], h[1]);
        }
        ch.writeAndFlush(request);
    }

    /** Counts from {@code measureFrom} on, per second for {@code seconds}; set on the event loop that counts. */
    private void startRecording(long measureFrom, double seconds) throws InterruptedException {
        loop.submit(() -> {
            startNanos = measureFrom;
            recording = true;
            perSecondCounts = new long[(int) Math.ceil(seconds) + 1];
        }).sync();
    }

    /** Open loop: one request every 1/rate s from start to end; latency from each request's scheduled time. */
    private void openLoop(double rate, double warmupSeconds, double seconds) throws Exception {
        long interval = (long) (1e9 / rate);
        long begin = System.nanoTime();
        long measureFrom = begin + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        startRecording(measureFrom, seconds);
        long next = begin;
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            // every request due by now, in one hand-over to the event loop
            int due = (int) Math.min(10_000, (now - next) / interval + 1);
            long first = next;
            next += due * interval;
            loop.execute(() -> {
                for (int i = 0; i < due; i++) {
                    pending.add(new long[] {first + i * interval});
                }
                drain();
            });
        }
        awaitQuiet(end);
    }

    /** Closed loop: N connections, each sends its next request when the previous answer ended. */
    private void closedLoop(int connections, double warmupSeconds, double seconds) throws Exception {
        long begin = System.nanoTime();
        long measureFrom = begin + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        startRecording(measureFrom, seconds);
        // N requests outstanding: each answer queues the next one at once, on the event loop (see finish)
        loop.submit(() -> {
            closedUntil = end;
            long now = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                pending.add(new long[] {now});
            }
            drain();
        }).sync();
        while (System.nanoTime() < end) {
            Thread.sleep(20);
        }
        awaitQuiet(end);
    }

    private void awaitQuiet(long end) throws Exception {
        // answers of requests scheduled before the end still count; give them the timeout to arrive
        long deadline = end + (timeoutNanos > 0 ? timeoutNanos : 10_000_000_000L);
        while (System.nanoTime() < deadline) {
            long[] left = new long[1];
            loop.submit(() -> left[0] = inFlight + pending.size()).sync();
            if (left[0] == 0) {
                break;
            }
            Thread.sleep(20);
        }
        loop.submit(() -> {
            long hung = inFlight + pending.size();
            errors += hung;
            if (hung > 0) {
                errorSamples.add(hung + " unanswered at the end");
            }
            recording = false;
        }).sync();
    }

    private String result(String label, String mode, double seconds) throws Exception {
        return loop.submit(() -> {
            StringBuilder sb = new StringBuilder("RESULT label=").append(label).append(" mode=").append(mode);
            sb.append(String.format(Locale.ROOT, " achieved_rps=%.1f ok=%d errors=%d", ok / seconds, ok, errors));
            append(sb, "", latency);
            if (stream) {
                append(sb, "ttft_", ttft);
                append(sb, "body_", bodyTime);
            }
            if (!errorSamples.isEmpty()) {
                sb.append(" first_errors=\"").append(String.join("; ", errorSamples).replace('"', '\'')).append('"');
            }
            return sb.toString();
        }).get();
    }

    private static void append(StringBuilder sb, String prefix, Histogram h) {
        sb.append(String.format(Locale.ROOT, " %sp50_us=%d %sp90_us=%d %sp99_us=%d %sp999_us=%d %smax_us=%d",
                prefix, h.getValueAtPercentile(50), prefix, h.getValueAtPercentile(90), prefix,
                h.getValueAtPercentile(99), prefix, h.getValueAtPercentile(99.9), prefix, h.getMaxValue()));
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String label = "run";
        String bodyArg = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        double rate = 0;
        int closed = 0;
        double duration = 10;
        double warmup = 2;
        int connections = 256;
        double timeout = 10;
        boolean stream = false;
        boolean perSecond = false;
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--closed" -> closed = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Double.parseDouble(args[++i]);
                case "--label" -> label = args[++i];
                case "--stream" -> stream = true;
                case "--per-second" -> perSecond = true;
                case "--body" -> bodyArg = args[++i];
                case "--header" -> {
                    String h = args[++i];
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || (rate <= 0) == (closed <= 0)) {
            throw new IllegalArgumentException("needs --url and one of --rate R or --closed N");
        }
        byte[] body = bodyArg.startsWith("@") ? Files.readAllBytes(Path.of(bodyArg.substring(1)))
                : bodyArg.getBytes(StandardCharsets.UTF_8);
        if (stream && !new String(body, StandardCharsets.UTF_8).contains("\"stream\":true")) {
            body = new String(body, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"stream\":true,")
                    .getBytes(StandardCharsets.UTF_8);
        }
        LoadGen gen = new LoadGen(URI.create(url), headers, body, stream, closed > 0 ? closed : connections,
                (long) (timeout * 1e9), perSecond);
        try {
            if (closed > 0) {
                gen.closedLoop(closed, warmup, duration);
            } else {
                gen.openLoop(rate, warmup, duration);
            }
            if (perSecond) {
                long[] counts = gen.loop.submit(() -> gen.perSecondCounts.clone()).get();
                for (int s = 0; s < counts.length - 1; s++) {
                    System.out.println("SECOND " + (s + 1) + " " + counts[s]);
                }
            }
            System.out.println(gen.result(label, closed > 0 ? "closed" + closed : "open" + (long) rate, duration));
        } finally {
            gen.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
