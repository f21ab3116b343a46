package io.llmgate.routes.inbound;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * {@code GET /health} on the gateway port, for load balancers: 200 {@code {"status":"UP"}} while the application
 * accepts traffic, 503 {@code {"status":"OUT_OF_SERVICE"}} once Spring Boot's readiness says it refuses traffic (from
 * the start of a graceful shutdown), the same state the console port's {@code /health} reports. No credentials, no
 * details.
 */
@Component
public class HealthCheck implements Processor {

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OUT_OF_SERVICE = "{\"status\":\"OUT_OF_SERVICE\"}".getBytes(StandardCharsets.UTF_8);

    private final ApplicationAvailability availability;

    public HealthCheck(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    public void process(Exchange exchange) {
        boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        ResponseWriter.resetHeaders(exchange);
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, ready ? 200 : 503);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("Cache-Control", "no-store");
        out.setBody(ready ? UP : OUT_OF_SERVICE);
    }
}
