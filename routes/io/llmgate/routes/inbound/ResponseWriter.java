package io.llmgate.routes.inbound;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * Last step of every request: the HTTP response. Inbound headers are dropped first, so nothing the client sent
 * (its Authorization above all) is echoed back. A whole response is handed to Netty once what the listeners hold
 * it for is done (the commit of its budget spend): asynchronously, so no thread blocks, the event loop least of all.
 */
@Component
public class ResponseWriter extends AsyncProcessorSupport {

    private final ObjectMapper json;
    private final OutcomeNotifier notifier;

    public ResponseWriter(ObjectMapper json, OutcomeNotifier notifier) {
        this.json = json;
        this.notifier = notifier;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> hold;
        try {
            hold = write(exchange);
        } catch (JsonProcessingException | RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (hold.isDone()) {
            callback.done(true);
            return true;
        }
        hold.whenComplete((v, e) -> callback.done(false));
        return false;
    }

    private CompletableFuture<Void> write(Exchange exchange) throws JsonProcessingException {
        Message out = exchange.getMessage();
        Object result = exchange.getProperty(GatewayHeaders.RESULT_PROPERTY);
        Object body = out.getBody();
        resetHeaders(exchange);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        if (result instanceof UpstreamResult.Streaming streaming) {
            out.setHeader(GatewayHeaders.PROVIDER, streaming.provider());
            out.setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            out.setHeader("Cache-Control", "no-cache");
            out.setBody(streaming.stream());
            return notifier.succeeded(exchange); // done at once: the stream holds its end itself
        }
        if (result instanceof UpstreamResult.Completed completed) {
            out.setHeader(GatewayHeaders.PROVIDER, completed.provider());
            body = completed.body();
        }
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body instanceof JsonNode node ? json.writeValueAsBytes(node) : body);
        return notifier.succeeded(exchange);
    }

    /** Drops every inbound header and sets the ones each response carries. */
    static void resetHeaders(Exchange exchange) {
        Message out = exchange.getMessage();
        Object ctx = out.getHeader("CamelNettyChannelHandlerContext");
        out.getHeaders().clear();
        if (ctx != null) {
            out.setHeader("CamelNettyChannelHandlerContext", ctx); // the streaming binding needs the channel
        }
        String requestId = GatewayExchange.of(exchange).requestId();
        if (requestId != null) {
            out.setHeader(GatewayHeaders.REQUEST_ID, requestId);
            out.setHeader(GatewayHeaders.TRACE_ID, exchange.getProperty(GatewayHeaders.TRACE_ID, requestId, String.class));
        }
        Object extra = GatewayExchange.of(exchange).responseHeaders();
        if (extra instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> out.setHeader(String.valueOf(k), v));
        }
    }
}
