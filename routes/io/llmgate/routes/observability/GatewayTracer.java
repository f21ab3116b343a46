package io.llmgate.routes.observability;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.api.RequestOutcome;

/**
 * Spans of the gateway: the request (SERVER), each attempt (INTERNAL) and its provider call (CLIENT). Attributes of
 * the provider call follow OpenTelemetry's GenAI semantic conventions ({@code gen_ai.*}), so GenAI dashboards read
 * them; token usage sits on the successful call only, so sums over spans do not count it twice.
 */
public class GatewayTracer {

    static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> GEN_AI_SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> GEN_AI_PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> GEN_AI_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> GEN_AI_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> GEN_AI_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    /** GenAI {@code gen_ai.system} values for the gateway's provider names. */
    private static final Map<String, String> SYSTEMS = Map.of(
            "azure-openai", "azure.ai.openai",
            "google", "gcp.gemini",
            "vertex-ai", "gcp.vertex_ai",
            "mistral-ai", "mistral_ai",
            "bedrock", "aws.bedrock");

    private final Tracer tracer;
    private final boolean exporting;

    public GatewayTracer(Tracer tracer, boolean exporting) {
        this.tracer = tracer;
        this.exporting = exporting;
    }

    /** Starts the request span as a child of the caller's {@code traceparent}, when it sent a valid one. */
    public <C> RequestSpan startRequest(C carrier, TextMapGetter<C> getter, long nowEpochNanos) {
        Context parent = W3C.extract(Context.root(), carrier, getter);
        Span span = tracer.spanBuilder("llmgate.request").setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(nowEpochNanos, TimeUnit.NANOSECONDS).startSpan();
        return new RequestSpan(span, nowEpochNanos);
    }

    /** Adds {@code traceparent} (and {@code tracestate}) naming the request span, for the provider call. */
    public void inject(RequestSpan span, Map<String, String> headers) {
        W3C.inject(Context.root().with(span.span()), headers, Map::put);
    }

    /** Ends a request that never reached the listeners (rejected before it was parsed). */
    public void endUnparsed(RequestSpan span, int status, long endEpochNanos) {
        if (!span.claimEnd()) {
            return;
        }
        Span s = span.span();
        s.setAttribute(HTTP_STATUS, (long) status);
        if (status >= 400) {
            s.setStatus(StatusCode.ERROR);
            s.setAttribute(ERROR_TYPE, String.valueOf(status));
        }
        s.end(endEpochNanos, TimeUnit.NANOSECONDS);
    }

    /** Completes the request span and, when spans are exported, adds one attempt span and call span per attempt. */
    public void endRequest(RequestSpan span, GatewayRequest request, RequestOutcome outcome, CallerIdentity caller,
                           String configId, boolean cacheHit, BigDecimal cost) {
        if (!span.claimEnd()) {
            return;
        }
        Span s = span.span();
        long start = span.startEpochNanos();
        long end = start + outcome.totalNanos();
        String operation = operation(request.endpoint());
        s.updateName("POST " + request.endpoint().path());
        if (exporting && s.isRecording()) { // nothing reads the attributes of a span that is not exported
            s.setAttribute("http.request.method", "POST");
            s.setAttribute("url.path", request.endpoint().path());
            s.setAttribute(HTTP_STATUS, (long) outcome.status());
            s.setAttribute(GEN_AI_OPERATION, operation);
            setIfPresent(s, GEN_AI_REQUEST_MODEL, outcome.model());
            s.setAttribute("llmgate.request_id", request.requestId());
            setIfPresent(s, AttributeKey.stringKey("llmgate.provider"), outcome.provider());
            setIfPresent(s, AttributeKey.stringKey("llmgate.workspace_id"), caller.workspaceId());
            setIfPresent(s, AttributeKey.stringKey("llmgate.api_key_id"), caller.apiKeyId());
            setIfPresent(s, AttributeKey.stringKey("llmgate.config_id"), configId);
            s.setAttribute("llmgate.cache_hit", cacheHit);
            s.setAttribute("llmgate.stream", outcome.streamed());
            s.setAttribute("llmgate.attempts", (long) outcome.attempts().size());
            if (cost != null) {
                s.setAttribute("llmgate.cost_usd", cost.doubleValue());
            }
            if (outcome.error() != null) {
                s.setStatus(StatusCode.ERROR, outcome.error().getMessage());
                s.setAttribute(ERROR_TYPE, outcome.error().type());
            }
            attemptSpans(s, request, outcome, operation, start, end);
        }
        s.end(end, TimeUnit.NANOSECONDS);
    }

    /**
     * Attempt timings are known as durations only: attempts are placed back to back from the request's start, and
     * a stream's last call lasts until the stream ended.
     */
    private void attemptSpans(Span parent, GatewayRequest request, RequestOutcome outcome, String operation,
                              long requestStart, long requestEnd) {
        Context parentContext = Context.root().with(parent);
        List<Attempt> attempts = outcome.attempts();
        long at = requestStart;
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            boolean last = i == attempts.size() - 1;
            long attemptEnd = Math.min(requestEnd, at + Math.max(0, a.latencyNanos()));
            if (last && outcome.streamed() && a.outcome() == Attempt.Outcome.SUCCESS) {
                attemptEnd = requestEnd;
            }
            Span attempt = tracer.spanBuilder("llmgate.attempt").setParent(parentContext)
                    .setSpanKind(SpanKind.INTERNAL).setStartTimestamp(at, TimeUnit.NANOSECONDS).startSpan();
            attempt.setAttribute("llmgate.attempt.index", (long) a.index());
            attempt.setAttribute("llmgate.attempt.outcome", a.outcome().name());
            setIfPresent(attempt, AttributeKey.stringKey("llmgate.option_path"), a.optionPath());
            SpanBuilder call = tracer.spanBuilder(operation + " " + a.model())
                    .setParent(Context.root().with(attempt)).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(at, TimeUnit.NANOSECONDS)
                    .setAttribute(GEN_AI_OPERATION, operation)
                    .setAttribute(GEN_AI_SYSTEM, system(a.provider()))
                    .setAttribute(GEN_AI_PROVIDER, system(a.provider()))
                    .setAttribute(HTTP_STATUS, (long) a.status());
            if (a.model() != null) {
                call.setAttribute(GEN_AI_REQUEST_MODEL, a.model());
            }
            requestParameters(call, request.body());
            Span callSpan = call.startSpan();
            if (a.outcome() == Attempt.Outcome.SUCCESS) {
                if (a.model() != null) {
                    callSpan.setAttribute(GEN_AI_RESPONSE_MODEL, a.model());
                }
                callSpan.setAttribute(GEN_AI_INPUT_TOKENS, outcome.usage().promptTokens());
                callSpan.setAttribute(GEN_AI_OUTPUT_TOKENS, outcome.usage().completionTokens());
            } else {
                String type = a.errorType() != null ? a.errorType() : a.outcome().name().toLowerCase();
                callSpan.setStatus(StatusCode.ERROR, a.errorMessage() == null ? type : a.errorMessage());
                callSpan.setAttribute(ERROR_TYPE, type);
                attempt.setStatus(StatusCode.ERROR);
                attempt.setAttribute(ERROR_TYPE, type);
            }
            callSpan.end(attemptEnd, TimeUnit.NANOSECONDS);
            attempt.end(attemptEnd, TimeUnit.NANOSECONDS);
            at = attemptEnd;
        }
    }

    private static void requestParameters(SpanBuilder b, JsonNode body) {
        if (body == null) {
            return;
        }
        JsonNode max = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max != null && max.isNumber()) {
            b.setAttribute(GEN_AI_MAX_TOKENS, max.asLong());
        }
        if (body.path("temperature").isNumber()) {
            b.setAttribute(GEN_AI_TEMPERATURE, body.get("temperature").asDouble());
        }
        if (body.path("top_p").isNumber()) {
            b.setAttribute(GEN_AI_TOP_P, body.get("top_p").asDouble());
        }
    }

    static String operation(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> "chat";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embeddings";
            case MODELS -> "list_models";
        };
    }

    static String system(String provider) {
        return provider == null ? "unknown" : SYSTEMS.getOrDefault(provider, provider);
    }

    private static void setIfPresent(Span span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
