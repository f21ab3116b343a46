package io.llmgate.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible provider on raw sockets (HTTP/1.1 keep-alive, JSON answers and chunked SSE streams) that
 * misbehaves on purpose, one {@link Fault} at a time: the JDK HTTP server cannot send a TCP reset, a body that
 * stops half-way or a trickle. Like real servers it closes a kept-alive connection after an idle pause, so once
 * the load stops every connection to it goes away and file descriptor counts can be compared to a baseline.
 */
public final class FaultProvider implements AutoCloseable {

    /** How the provider answers chat completions (streamed or not, as the request asks). */
    public enum Fault {
        /** Answers properly. */
        NONE,
        /** Bursts of 500/502/503 (the first {@link #BURST} requests of every 2 × BURST), proper answers between. */
        BURST_5XX,
        /** 429 with {@code Retry-After: 1}. */
        RATE_LIMITED,
        /** Reads the request and never answers. */
        HANG,
        /** Headers and part of the body (or of the first SSE event), then a TCP reset. */
        RESET_MID_BODY,
        /** Streams: two chunks, then a TCP reset; whole answers: as {@link #RESET_MID_BODY}. */
        RESET_MID_STREAM,
        /** 200 with no answer: HTML, {@code {}}, or an SSE stream whose events are not JSON. */
        GARBAGE,
        /** 200 and then the body (or the first SSE event) one byte every {@link #TRICKLE_MILLIS}. */
        TRICKLE,
        /** Request by request in turn: proper answers between one of each fault (a single 5xx for the burst). */
        MIXED
    }

    private static final Fault[] MIX = {Fault.NONE, Fault.BURST_5XX, Fault.NONE, Fault.RATE_LIMITED, Fault.NONE,
            Fault.HANG, Fault.RESET_MID_BODY, Fault.NONE, Fault.RESET_MID_STREAM, Fault.GARBAGE, Fault.TRICKLE};

    public static final int BURST = 20;
    static final long TRICKLE_MILLIS = 100;
    /** Idle kept-alive connections are closed after this, as servers do. */
    static final int IDLE_CLOSE_MILLIS = 1000;
    /** No thread of this provider waits longer than this on a silent gateway. */
    private static final int SAFETY_MILLIS = 30_000;

    private final String name;
    private final ServerSocket server;
    private volatile Fault fault;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();

    public FaultProvider(String name, Fault fault) {
        this.name = name;
        this.fault = fault;
        this.server = LoopbackAcceptor.start("fault-provider-" + name, open, s -> {
            sockets.add(s);
            serve(s);
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public FaultProvider fault(Fault fault) {
        this.fault = fault;
        return this;
    }

    /** Requests read so far. */
    public long requests() {
        return requests.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            while (true) {
                s.setSoTimeout(IDLE_CLOSE_MILLIS);
                String body;
                try {
                    body = readRequest(in);
                } catch (SocketTimeoutException idle) {
                    return; // keep-alive timeout: an orderly close, as a real server's
                }
                if (body == null) {
                    return;
                }
                s.setSoTimeout(SAFETY_MILLIS);
                long n = requests.incrementAndGet();
                boolean stream = body.replace(" ", "").contains("\"stream\":true");
                if (!answer(s, in, out, n, stream)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the gateway hung up (it gave up on a hang or a trickle) or the provider was closed
        } finally {
            sockets.remove(s);
            open.decrementAndGet();
        }
    }

    /** @return whether the connection stays open for the next request */
    private boolean answer(Socket s, InputStream in, OutputStream out, long n, boolean stream) throws IOException {
        Fault now = fault == Fault.MIXED ? MIX[(int) (n % MIX.length)] : fault;
        switch (now) {
            case NONE -> healthy(out, stream);
            case BURST_5XX -> {
                if (fault == Fault.MIXED || (n - 1) % (2 * BURST) < BURST) {
                    int status = new int[] {500, 502, 503}[(int) (n % 3)];
                    json(out, status, "{\"error\":{\"message\":\"" + name + " is overloaded\",\"type\":\"server_error\","
                            + "\"code\":null}}", "");
                } else {
                    healthy(out, stream);
                }
            }
            case RATE_LIMITED -> json(out, 429, "{\"error\":{\"message\":\"Rate limit reached for " + name
                    + "\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}", "retry-after: 1\r\n");
            case HANG -> {
                // until the gateway gives up and closes the connection (read: -1) or the safety timeout
                while (in.read() != -1) {
                    // a client sends nothing while it waits: ignore
                }
                return false;
            }
            case RESET_MID_BODY -> {
                resetAfter(s, out, n, stream, 2, "data: {\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.comp");
                return false;
            }
            case RESET_MID_STREAM -> {
                resetAfter(s, out, n, stream, 3, sse(chunk(n, "Hel", null)), sse(chunk(n, "lo", null)));
                return false;
            }
            case GARBAGE -> {
                if (stream) {
                    streamHead(out);
                    chunk(out, n % 2 == 0 ? "data: {not json\n\n" : "data: <html>oops</html>\n\n");
                    chunk(out, "");
                } else {
                    json(out, 200, n % 2 == 0 ? "{}" : "<html><body>upstream ok</body></html>", "");
                }
            }
            case TRICKLE -> {
                byte[] bytes;
                if (stream) {
                    streamHead(out);
                    bytes = sse(chunk(n, "slow", null)).getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    bytes = completion(n).getBytes(StandardCharsets.UTF_8);
                    head(out, 200, "application/json", "content-length: " + bytes.length + "\r\n");
                }
                out.flush();
                for (byte b : bytes) {
                    sleep(TRICKLE_MILLIS);
                    out.write(b);
                    out.flush(); // fails once the gateway gave up and closed the connection
                }
                return false;
            }
            default -> throw new IllegalStateException();
        }
        out.flush();
        return true;
    }

    /** Headers, then these chunks of a stream or 1/{@code fraction} of a whole answer, then a TCP reset. */
    private void resetAfter(Socket s, OutputStream out, long n, boolean stream, int fraction, String... chunks)
            throws IOException {
        if (stream) {
            streamHead(out);
            for (String c : chunks) {
                chunk(out, c);
            }
        } else {
            byte[] whole = completion(n).getBytes(StandardCharsets.UTF_8);
            head(out, 200, "application/json", "content-length: " + whole.length + "\r\n");
            out.write(whole, 0, whole.length / fraction);
        }
        out.flush();
        reset(s);
    }

    private void healthy(OutputStream out, boolean stream) throws IOException {
        long n = requests.get();
        if (!stream) {
            json(out, 200, completion(n), "");
            return;
        }
        streamHead(out);
        chunk(out, sse("{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}"));
        chunk(out, sse(chunk(n, name, null)));
        chunk(out, sse(chunk(n, null, "stop")));
        chunk(out, "data: [DONE]\n\n");
        chunk(out, "");
    }

    private String completion(long n) {
        return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + name + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
                + "\"total_tokens\":4}}";
    }

    private static String chunk(long n, String content, String finish) {
        return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{" + (content == null ? "" : "\"content\":\"" + content + "\"")
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    private static void json(OutputStream out, int status, String body, String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head(out, status, "application/json", "content-length: " + bytes.length + "\r\n" + extraHeaders);
        out.write(bytes);
    }

    private static void streamHead(OutputStream out) throws IOException {
        head(out, 200, "text/event-stream", "transfer-encoding: chunked\r\ncache-control: no-cache\r\n");
    }

    private static void head(OutputStream out, int status, String contentType, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\ncontent-type: " + contentType + "\r\n" + headers
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** One HTTP chunk; the empty string is the last chunk. */
    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** SO_LINGER 0: close() sends RST instead of FIN, as a provider process dying or a load balancer cutting. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Reads one request's head and its Content-Length body; null at the end of the connection. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
