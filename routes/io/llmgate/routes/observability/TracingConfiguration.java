package io.llmgate.routes.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The OpenTelemetry SDK of the gateway. Spans are always created and sampled (time-ordered ids for W3C propagation
 * and the log's trace id), exporter or not; they are exported only when {@code gateway.otel.endpoint} is set
 * (OTLP/HTTP) or a {@link SpanExporter} bean exists (tests use an in-memory one).
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
        if (!exporting(properties, exporters)) {
            // without any processor the SDK hands out a no-op tracer: every span invalid, trace id all zeros
            builder.addSpanProcessor(NO_EXPORT);
        }
        return builder.build();
    }

    /** Keeps the SDK's spans real (ids, sampling, propagation) when nothing exports them; the SDK never calls it. */
    static final SpanProcessor NO_EXPORT = new SpanProcessor() {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    };

    private static boolean exporting(OtelProperties properties, ObjectProvider<SpanExporter> exporters) {
        return StringUtils.hasText(properties.getEndpoint()) || exporters.orderedStream().findAny().isPresent();
    }

    @Bean
    GatewayTracer gatewayTracer(SdkTracerProvider llmgateTracerProvider, OtelProperties properties,
                                ObjectProvider<SpanExporter> exporters) {
        return new GatewayTracer(llmgateTracerProvider.get("io.llmgate"), exporting(properties, exporters));
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
