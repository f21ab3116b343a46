package io.llmgate.routes.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderRegistry;
import io.llmgate.routes.provider.ProviderTarget;

/**
 * One attempt against the exchange's target: translate, send, translate back. Asynchronous, so the exchange
 * waits for the provider without holding a thread.
 */
@Component
public class UpstreamCallProcessor extends AsyncProcessorSupport {

    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final GatewayProperties properties;

    public UpstreamCallProcessor(ProviderRegistry providers, UpstreamClient client, GatewayProperties properties) {
        this.providers = providers;
        this.client = client;
        this.properties = properties;
    }

    /** Appends an attempt, numbered in order, to the exchange's attempt list. */
    @SuppressWarnings("unchecked")
    public static void record(Exchange exchange, Attempt attempt) {
        List<Attempt> attempts = GatewayExchange.of(exchange).attempts();
        if (attempts == null) {
            attempts = Collections.synchronizedList(new ArrayList<>());
            GatewayExchange.of(exchange).attempts(attempts);
        }
        attempts.add(new Attempt(attempts.size(), attempt.optionPath(), attempt.provider(), attempt.model(),
                attempt.status(), attempt.outcome(), attempt.errorType(), attempt.errorMessage(),
                attempt.latencyNanos()));
    }

    @SuppressWarnings("unchecked")
    private static ProviderTarget withUpstreamHeaders(Exchange exchange, ProviderTarget target) {
        Map<String, String> extra = GatewayExchange.of(exchange).upstreamHeaders();
        if (extra == null || extra.isEmpty()) {
            return target;
        }
        Map<String, String> headers = new HashMap<>(target.extraHeaders());
        headers.putAll(extra);
        return new ProviderTarget(target.provider(), target.apiKey(), target.baseUrl(), target.settings(), headers);
    }

    /** The client's connection, from the Netty consumer; null when the exchange did not come in over HTTP. */
    private static Channel clientChannel(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        return ctx == null ? null : ctx.channel();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            GatewayExchange state = GatewayExchange.of(exchange);
            GatewayRequest request = state.request();
            ProviderTarget target = withUpstreamHeaders(exchange,
                    exchange.getProperty(GatewayHeaders.TARGET_PROPERTY, ProviderTarget.class));
            ProviderAdapter adapter = providers.get(target.provider());
            if (!adapter.supports(request.endpoint())) {
                throw GatewayException.invalidRequest("provider " + adapter.name() + " does not support "
                        + request.endpoint().path(), null);
            }
            ObjectNode body = state.body() != null ? state.body() : request.body();
            if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
                throw GatewayException.invalidRequest("you must provide a model parameter", "model");
            }
            Long millis = state.timeoutMillis();
            Duration timeout = millis != null ? Duration.ofMillis(millis) : properties.getRequestTimeout();
            long sent = System.nanoTime();
            String model = body.path("model").asText();
            String optionPath = state.optionPath();
            Channel inbound = clientChannel(exchange);
            if (inbound != null && !inbound.isActive()) {
                throw Cancellations.clientDisconnected(adapter.name()); // gone before this attempt (e.g. a retry)
            }
            CompletableFuture<UpstreamResult> call = client.call(adapter, request.endpoint(), body, target, timeout);
            // a client that hangs up while the provider thinks cancels the call, as a stream's cancel does
            GenericFutureListener<Future<? super Void>> hangUp =
                    f -> call.completeExceptionally(Cancellations.clientDisconnected(adapter.name()));
            if (inbound != null) {
                inbound.closeFuture().addListener(hangUp);
            }
            call.whenComplete((result, failure) -> {
                if (inbound != null) {
                    inbound.closeFuture().removeListener(hangUp); // keep-alive: do not pile up on the connection
                }
                try {
                    if (failure != null) {
                        GatewayException error = UpstreamClient.classify(failure, adapter.name(), timeout);
                        record(exchange, new Attempt(0, optionPath, adapter.name(), model, error.status(),
                                Attempt.Outcome.FAILED, error.type(), error.getMessage(), System.nanoTime() - sent));
                        exchange.setException(error);
                    } else {
                        record(exchange, new Attempt(0, optionPath, adapter.name(), model, 200,
                                Attempt.Outcome.SUCCESS, null, null, result.firstByteNanos()));
                        exchange.setProperty(GatewayHeaders.RESULT_PROPERTY, result);
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    // whatever fails here, the route must go on: a CompletableFuture would swallow it (a hang)
                    exchange.setException(e instanceof RuntimeException ? e : new GatewayException(500,
                            "server_error", "internal_error", null, "the upstream answer could not be handled",
                            adapter.name(), null, e));
                }
                callback.done(false);
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
