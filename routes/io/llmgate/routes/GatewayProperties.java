package io.llmgate.routes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The gateway's own settings, bound from {@code gateway.*} in application.yml. */
@ConfigurationProperties("gateway")
public class GatewayProperties {

    /** Interface the Netty HTTP server binds to. */
    private String host = "0.0.0.0";
    /** Port of the OpenAI-compatible endpoint. */
    private int port = 8787;
    /** Largest accepted request body; larger ones get 413 in OpenAI's error shape. */
    private long maxBodyBytes = 8 * 1024 * 1024;
    /** Time allowed to open a TCP connection to a provider. */
    private Duration connectTimeout = Duration.ofSeconds(10);
    /** Default time until the first byte of the provider's answer, unless a config sets request_timeout. */
    private Duration requestTimeout = Duration.ofSeconds(600);
    /** A stream that sends nothing for this long is failed with an SSE error event. */
    private Duration streamIdleTimeout = Duration.ofSeconds(300);
    /** Base URL per provider, overridable (e.g. a regional endpoint or a proxy). */
    private Map<String, String> providerBaseUrls = new LinkedHashMap<>();
    /** Models listed by GET /v1/models when no provider is named. */
    private List<ModelEntry> models = List.of();

    /** Key store (PKCS12 or JKS) of CAs that provider certificates must chain to; empty: the JVM's cacerts. */
    private String trustStore;
    private String trustStorePassword;
    /** Retries, backoff and balancing. */
    private Routing routing = new Routing();
    /** What client connections may hold of the gateway port. */
    private Server server = new Server();

    public record ModelEntry(String id, String provider) {
    }

    /** Client connections to the gateway port: limits and timeouts (docs/security.md). */
    public static class Server {
        /** Open connections at most; one more is answered 503 and closed. Keep it under the fd limit (ulimit -n). */
        private int maxConnections = 10_000;
        /** Request line, headers and body must arrive within this of the connection opening. */
        private Duration requestReadTimeout = Duration.ofSeconds(30);
        /** A kept-alive connection with no request in progress is closed after this. */
        private Duration idleTimeout = Duration.ofSeconds(60);
        /** Longest request line (method, URL, version); longer: 414. */
        private int maxInitialLineLength = 8192;
        /** Largest total of the request's headers; larger: 431. */
        private int maxHeaderSize = 16384;
        /** Netty event-loop threads serving client connections; 0: Netty's default, two per core. */
        private int workerThreads = 0;
        /** Netty event-loop threads for the calls to providers; 0: one per core, at least two. */
        private int upstreamThreads = 0;

        public int getWorkerThreads() { return workerThreads; }
        public void setWorkerThreads(int workerThreads) { this.workerThreads = workerThreads; }
        public int getUpstreamThreads() { return upstreamThreads; }
        public void setUpstreamThreads(int upstreamThreads) { this.upstreamThreads = upstreamThreads; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        public Duration getRequestReadTimeout() { return requestReadTimeout; }
        public void setRequestReadTimeout(Duration requestReadTimeout) { this.requestReadTimeout = requestReadTimeout; }
        public Duration getIdleTimeout() { return idleTimeout; }
        public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
        public int getMaxInitialLineLength() { return maxInitialLineLength; }
        public void setMaxInitialLineLength(int maxInitialLineLength) { this.maxInitialLineLength = maxInitialLineLength; }
        public int getMaxHeaderSize() { return maxHeaderSize; }
        public void setMaxHeaderSize(int maxHeaderSize) { this.maxHeaderSize = maxHeaderSize; }
    }

    public static class Routing {
        /** First retry waits about this long (with jitter); each further retry doubles it. */
        private Duration retryBaseDelay = Duration.ofMillis(200);
        private Duration retryMaxDelay = Duration.ofSeconds(10);
        /** Upper bound on a provider's Retry-After that the gateway will wait for. */
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        /** Share of requests that latency balancing sends to a random target, so a recovered one is seen again. */
        private double latencyExploration = 0.1;
        /** Camel endpoint URIs that receive a copy of every attempt (wire taps), e.g. kafka:attempts. */
        private List<String> attemptTaps = List.of();
        /** Routing configs kept compiled as Camel routes; the least recently used beyond this are removed. */
        private int maxCompiledConfigs = 1_000;
        /** A compiled config unused this long is removed (its routes stop once in-flight requests are done). */
        private Duration compiledConfigIdle = Duration.ofHours(1);

        public int getMaxCompiledConfigs() { return maxCompiledConfigs; }
        public void setMaxCompiledConfigs(int maxCompiledConfigs) { this.maxCompiledConfigs = maxCompiledConfigs; }
        public Duration getCompiledConfigIdle() { return compiledConfigIdle; }
        public void setCompiledConfigIdle(Duration compiledConfigIdle) { this.compiledConfigIdle = compiledConfigIdle; }
        public Duration getRetryBaseDelay() { return retryBaseDelay; }
        public void setRetryBaseDelay(Duration retryBaseDelay) { this.retryBaseDelay = retryBaseDelay; }
        public Duration getRetryMaxDelay() { return retryMaxDelay; }
        public void setRetryMaxDelay(Duration retryMaxDelay) { this.retryMaxDelay = retryMaxDelay; }
        public Duration getMaxRetryAfter() { return maxRetryAfter; }
        public void setMaxRetryAfter(Duration maxRetryAfter) { this.maxRetryAfter = maxRetryAfter; }
        public double getLatencyExploration() { return latencyExploration; }
        public void setLatencyExploration(double latencyExploration) { this.latencyExploration = latencyExploration; }
        public List<String> getAttemptTaps() { return attemptTaps; }
        public void setAttemptTaps(List<String> attemptTaps) { this.attemptTaps = attemptTaps; }
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public long getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public Duration getStreamIdleTimeout() { return streamIdleTimeout; }
    public void setStreamIdleTimeout(Duration streamIdleTimeout) { this.streamIdleTimeout = streamIdleTimeout; }
    public Map<String, String> getProviderBaseUrls() { return providerBaseUrls; }
    public void setProviderBaseUrls(Map<String, String> providerBaseUrls) { this.providerBaseUrls = providerBaseUrls; }
    public List<ModelEntry> getModels() { return models; }
    public Routing getRouting() { return routing; }
    public Server getServer() { return server; }
    public void setServer(Server server) { this.server = server; }
    public String getTrustStore() { return trustStore; }
    public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
    public String getTrustStorePassword() { return trustStorePassword; }
    public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    public void setRouting(Routing routing) { this.routing = routing; }
    public void setModels(List<ModelEntry> models) { this.models = models; }
}
