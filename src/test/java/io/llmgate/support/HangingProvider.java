package io.llmgate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow provider on 127.0.0.1 that speaks HTTP/1.1 on raw sockets, because the JDK's HTTP server shows neither of
 * what these tests need: it reads each request, then watches the connection while it "thinks" and answers only after
 * the delay, counting the connections open and those the gateway closed while waiting for the answer.
 */
public final class HangingProvider implements AutoCloseable {

    private final ServerSocket server;
    private final long delayMillis;
    private final String answer;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger hangUps = new AtomicInteger();

    /** @param answer JSON body of the 200 sent after {@code delayMillis} */
    public HangingProvider(long delayMillis, String answer) {
        this.delayMillis = delayMillis;
        this.answer = answer;
        this.server = LoopbackAcceptor.start("hanging-provider", open, this::serve);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections from the gateway open now. */
    public int open() {
        return open.get();
    }

    /** Requests read (whole head and body). */
    public int requests() {
        return requests.get();
    }

    /** Connections the gateway closed while a request on them waited for its answer. */
    public int hangUps() {
        return hangUps.get();
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (readRequest(in)) {
                requests.incrementAndGet();
                s.setSoTimeout((int) delayMillis);
                try {
                    if (in.read() == -1) {
                        hangUps.incrementAndGet(); // the gateway gave up on the answer
                    }
                    return; // a hang-up, or bytes no HTTP client sends while waiting
                } catch (SocketTimeoutException thoughtLongEnough) {
                    s.setSoTimeout(0);
                }
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // reset by the gateway: counted as closed below
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads one request's head and its Content-Length body; false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        return FaultProvider.readRequest(in) != null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
