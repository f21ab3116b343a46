package io.llmgate.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The accept loop of the raw-socket fakes: a loopback port, each connection served on a daemon thread of its own. */
final class LoopbackAcceptor {

    private LoopbackAcceptor() {
    }

    /**
     * @param open counts the connections accepted; {@code serve} decrements it when it is done with one
     */
    static ServerSocket start(String name, AtomicInteger open, Consumer<Socket> serve) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.incrementAndGet();
                    Thread t = new Thread(() -> serve.accept(s), name + "-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
