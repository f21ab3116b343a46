package io.llmgate.observability;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/** The observability family on H2: one Spring context shared by every class extending this. */
public abstract class H2ObservabilityTest extends ObservabilityTestSupport {

    public static final int GATEWAY_PORT = GatewayTestSupport.freePort();

    private final GatewayClient gateway = new GatewayClient(GATEWAY_PORT);

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        common(registry, GATEWAY_PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:llmgate_obs;DB_CLOSE_DELAY=-1");
    }

    @Override
    public GatewayClient gateway() {
        return gateway;
    }
}
