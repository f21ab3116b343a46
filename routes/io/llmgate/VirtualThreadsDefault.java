package io.llmgate;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Virtual threads for what Spring runs a thread per task (Tomcat's console and admin requests, {@code @Async},
 * {@code @Scheduled}) on JDK 24 and later, unless {@code spring.threads.virtual.enabled} is set. Not on 21: there a
 * virtual thread blocking inside {@code synchronized} (H2, JDBC drivers) pins its carrier, and with two carriers on a
 * 2-core machine one slow query could stall the console (JEP 491 lifted that in 24). The request path does not use
 * these threads: it runs on Netty's event loops and the plan routes' own virtual threads.
 */
public class VirtualThreadsDefault implements EnvironmentPostProcessor {

    static final String PROPERTY = "spring.threads.virtual.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(PROPERTY) == null && Runtime.version().feature() >= 24) {
            // last: any configured value (file, environment, command line) wins
            environment.getPropertySources().addLast(new MapPropertySource("llmgate-virtual-threads",
                    Map.of(PROPERTY, "true")));
        }
    }
}
