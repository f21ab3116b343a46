package io.llmgate.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.llmgate.GatewayApplication;

/**
 * A gateway started the way {@code main} starts it (not through Spring's test context), on free loopback ports and
 * its own in-memory H2 database, with {@link LogCapture} attached before the context starts so that start-up log
 * lines are captured too (Spring Boot re-initialises logging at start, which drops appenders added earlier).
 */
public final class InProcessGateway implements AutoCloseable {

    public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final ConfigurableApplicationContext context;
    private final int gatewayPort;

    private InProcessGateway(ConfigurableApplicationContext context, int gatewayPort) {
        this.context = context;
        this.gatewayPort = gatewayPort;
    }

    /** @param properties added to (and overriding) the loopback, database and master-key settings */
    public static InProcessGateway start(Map<String, Object> properties) {
        int gatewayPort = GatewayTestSupport.freePort();
        Map<String, Object> all = new HashMap<>();
        all.put("gateway.host", "127.0.0.1");
        all.put("gateway.port", gatewayPort);
        all.put("server.address", "127.0.0.1");
        all.put("server.port", 0);
        all.put("spring.datasource.url", "jdbc:h2:mem:inprocess-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        all.put("gateway.master-key", MASTER_KEY);
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                .listeners((ApplicationListener<ApplicationPreparedEvent>) e -> LogCapture.install())
                // as command-line arguments: default properties would lose to config/application.yml
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        return new InProcessGateway(context, gatewayPort);
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    /** The port Tomcat bound for the console and admin API. */
    public int adminPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
