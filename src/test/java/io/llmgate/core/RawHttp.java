package io.llmgate.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A client on a bare socket, for what HttpClient will not send: slow, partial, oversized or broken requests. */
final class RawHttp implements AutoCloseable {

    final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000); // no test waits this long unless the server fails to act
    }

    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Everything the server sends until it closes the connection; fails if it does not close. */
    String readUntilClosed() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; it sent: " + out, e);
        } catch (IOException reset) {
            // a reset after the answer still ends the connection
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    static String body(String response) {
        int start = response.indexOf("\r\n\r\n");
        return start < 0 ? "" : response.substring(start + 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
