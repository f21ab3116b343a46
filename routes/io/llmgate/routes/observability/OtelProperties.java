package io.llmgate.routes.observability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** OpenTelemetry tracing, bound from {@code gateway.otel.*}. */
@ConfigurationProperties("gateway.otel")
public class OtelProperties {

    /**
     * OTLP/HTTP collector base URL, e.g. {@code http://otel-collector:4318}; spans go to {@code <endpoint>/v1/traces}.
     * Empty (the default): nothing is exported. W3C trace context is propagated either way.
     */
    private String endpoint;
    /** Extra headers on every export (e.g. an auth token of a hosted collector). */
    private Map<String, String> headers = new LinkedHashMap<>();
    /** {@code service.name} of the exported spans. */
    private String serviceName = "llmgate";
    /** Share of new traces (without a sampled parent) that are recorded, 0..1. */
    private double samplerRatio = 1.0;
    /** Longest time a finished span waits before it is exported. */
    private Duration exportDelay = Duration.ofSeconds(2);
    /** Time allowed for one export call. */
    private Duration exportTimeout = Duration.ofSeconds(10);

    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public Map<String, String> getHeaders() { return headers; }
    public void setHeaders(Map<String, String> headers) { this.headers = headers; }
    public String getServiceName() { return serviceName; }
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }
    public double getSamplerRatio() { return samplerRatio; }
    public void setSamplerRatio(double samplerRatio) { this.samplerRatio = samplerRatio; }
    public Duration getExportDelay() { return exportDelay; }
    public void setExportDelay(Duration exportDelay) { this.exportDelay = exportDelay; }
    public Duration getExportTimeout() { return exportTimeout; }
    public void setExportTimeout(Duration exportTimeout) { this.exportTimeout = exportTimeout; }
}
