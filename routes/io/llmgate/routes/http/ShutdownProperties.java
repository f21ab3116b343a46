package io.llmgate.routes.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Graceful shutdown of the gateway port, bound from {@code gateway.shutdown.*}. */
@ConfigurationProperties("gateway.shutdown")
public class ShutdownProperties {

    /** Time in-flight requests and streams get to finish after SIGTERM; then they are cut. */
    private Duration drainTimeout = Duration.ofSeconds(30);
    /** Time the cut responses (SSE error events, 503s) get to reach their clients before the port closes. */
    private Duration cutGrace = Duration.ofSeconds(5);

    public Duration getDrainTimeout() { return drainTimeout; }
    public void setDrainTimeout(Duration drainTimeout) { this.drainTimeout = drainTimeout; }
    public Duration getCutGrace() { return cutGrace; }
    public void setCutGrace(Duration cutGrace) { this.cutGrace = cutGrace; }
}
