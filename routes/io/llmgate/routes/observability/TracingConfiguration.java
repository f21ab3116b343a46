package io.llmgate.routes.observability;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The OpenTelemetry SDK of the gateway. Spans are always created (ids for W3C propagation and the log's trace id);
 * they are exported only when {@code gateway.otel.endpoint} is set (OTLP/HTTP) or a {@link SpanExporter} bean exists
 * (tests use an in-memory one).
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean(destroyMethod = "close")
    SdkTracerProvider llmgateTracerProvider(OtelProperties properties, ObjectProvider<SpanExporter> exporters) {
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), properties.getServiceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(properties.getSamplerRatio())))
                .setIdGenerator(new TimeOrderedTraceIds(() -> System.currentTimeMillis() / 1000));
        if (StringUtils.hasText(properties.getEndpoint())) {
            builder.addSpanProcessor(BatchSpanProcessor.builder(otlp(properties))
                    .setScheduleDelay(properties.getExportDelay()).build());
        }
        exporters.orderedStream().forEach(e -> builder.addSpanProcessor(SimpleSpanProcessor.create(e)));
        return builder.build();
    }

    @Bean
    GatewayTracer gatewayTracer(SdkTracerProvider llmgateTracerProvider, OtelProperties properties,
                                ObjectProvider<SpanExporter> exporters) {
        List<SpanExporter> extra = exporters.orderedStream().toList();
        boolean exporting = StringUtils.hasText(properties.getEndpoint()) || !extra.isEmpty();
        return new GatewayTracer(llmgateTracerProvider.get("io.llmgate"), exporting);
    }

    private static SpanExporter otlp(OtelProperties properties) {
        String endpoint = properties.getEndpoint().replaceAll("/+$", "");
        if (!endpoint.endsWith("/v1/traces")) {
            endpoint = endpoint + "/v1/traces";
        }
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .setTimeout(properties.getExportTimeout());
        properties.getHeaders().forEach(b::addHeader);
        return b.build();
    }
}
