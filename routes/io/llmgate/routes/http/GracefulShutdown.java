package io.llmgate.routes.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.llmgate.routes.upstream.InFlightCalls;

/**
 * Drains the gateway port on shutdown, before Camel stops its routes (which closes every connection at once): new
 * connections are refused, in-flight requests and streams get {@code gateway.shutdown.drain-timeout} to finish, then
 * the rest are cut with an error the client and the request log see ({@code server_shutting_down}).
 * <p>
 * Spring has already marked the application not ready (ReadinessState.REFUSING_TRAFFIC) when this runs. The stop is
 * synchronous, so {@code spring.lifecycle.timeout-per-shutdown-phase} does not cut it short; it runs before the
 * console's web server stops (its phase is higher) and long before the request log's last flush.
 */
@Component
public class GracefulShutdown implements SmartLifecycle {

    /** Above Spring's web server shutdown (DEFAULT_PHASE - 1024) and Camel (DEFAULT_PHASE - 2049): stops first. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ConnectionDrain connections;
    private final InFlightCalls calls;
    private final ShutdownProperties properties;
    private volatile boolean running;

    public GracefulShutdown(ConnectionDrain connections, InFlightCalls calls, ShutdownProperties properties) {
        this.connections = connections;
        this.calls = calls;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        connections.startDraining();
        int busy = connections.busy();
        LOG.info("shutdown: the gateway port takes no new connections; draining {} in-flight responses for up to {}",
                busy, properties.getDrainTimeout());
        try {
            if (connections.awaitIdle(properties.getDrainTimeout())) {
                calls.cutAll(); // nothing left; later attempts (none expected) fail at once
                LOG.info("shutdown: drained");
                return;
            }
            int cut = calls.cutAll();
            LOG.warn("shutdown: drain timeout; cut {} provider calls still in progress ({} responses open)", cut,
                    connections.busy());
            if (!connections.awaitIdle(properties.getCutGrace())) {
                LOG.warn("shutdown: {} responses still open after the cut; closing their connections",
                        connections.busy());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
