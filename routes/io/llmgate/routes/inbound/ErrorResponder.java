package io.llmgate.routes.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;

/** Turns any failure into an OpenAI-style error response and stops routing; unexpected ones are logged, not shown. */
@Component
public class ErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final ObjectMapper json;
    private final OutcomeNotifier notifier;

    public ErrorResponder(ObjectMapper json, OutcomeNotifier notifier) {
        this.json = json;
        this.notifier = notifier;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        GatewayException error = toGatewayException(exchange, cause);
        ResponseWriter.resetHeaders(exchange);
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (error.provider() != null) {
            out.setHeader(GatewayHeaders.PROVIDER, error.provider());
        }
        if (error.retryAfterSeconds() != null) {
            out.setHeader("Retry-After", error.retryAfterSeconds());
        }
        out.setBody(json.writeValueAsBytes(ErrorBodies.of(error)));
        exchange.setException(null);
        exchange.setRouteStop(true);
        notifier.failed(exchange, error);
    }

    static GatewayException toGatewayException(Exchange exchange, Throwable cause) {
        if (cause instanceof GatewayException g) {
            return g;
        }
        String requestId = GatewayExchange.of(exchange).requestId();
        LOG.error("request {} failed unexpectedly", requestId, cause);
        return new GatewayException(500, "server_error", "internal_error",
                "the gateway failed to process request " + requestId + "; see the gateway log");
    }
}
