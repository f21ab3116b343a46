package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * Load balancers' readiness on both ports, without credentials: 200 while the application accepts traffic, 503 once
 * its readiness refuses it (as from the start of a graceful shutdown). Issue 17 item 11: the console port answered
 * 302 to the login page.
 */
class HealthEndpointsTest extends GatewayTestSupport {

    @LocalServerPort
    int consolePort;

    @Autowired
    ApplicationContext context;

    @AfterEach
    void acceptTrafficAgain() {
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void bothPortsAnswerHealthWithoutCredentials() {
        GatewayClient console = new GatewayClient(consolePort);
        for (GatewayClient port : new GatewayClient[] {gateway, console}) {
            GatewayClient.Response health = port.get("/health");
            assertThat(health.status()).as(port.base() + "/health").isEqualTo(200);
            assertThat(health.header("content-type")).contains("json");
            assertThat(health.json().path("status").asText()).isEqualTo("UP");
            assertThat(health.json().has("components") || health.json().has("details")).as("no details").isFalse();
        }
        assertThat(console.get("/health/readiness").status()).isEqualTo(200);
        assertThat(console.get("/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void bothPortsAnswer503WhileTheApplicationRefusesTraffic() {
        GatewayClient console = new GatewayClient(consolePort);
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        for (GatewayClient port : new GatewayClient[] {gateway, console}) {
            GatewayClient.Response health = port.get("/health");
            assertThat(health.status()).as(port.base() + "/health").isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        }
        assertThat(console.get("/health/readiness").status()).isEqualTo(503);
        assertThat(console.get("/health/liveness").status()).as("alive while draining").isEqualTo(200);

        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(gateway.get("/health").status()).isEqualTo(200);
        assertThat(console.get("/health").status()).isEqualTo(200);
    }
}
