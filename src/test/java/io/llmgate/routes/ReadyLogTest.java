package io.llmgate.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.llmgate.support.InProcessGateway;
import io.llmgate.support.LogCapture;

/** Start-up ends with one INFO line saying the gateway is ready, how long it took and the ports it listens on. */
class ReadyLogTest {

    @Test
    void oneLineNamesTheStartUpTimeAndTheBoundPorts() {
        try (InProcessGateway gateway = InProcessGateway.start(Map.of())) {
            Pattern ready = Pattern.compile("io\\.llmgate\\.ReadyLog llmgate ready in \\d+\\.\\d s: gateway "
                    + Pattern.quote("http://127.0.0.1:" + gateway.gatewayPort()) + ", console and admin API "
                    + Pattern.quote("http://127.0.0.1:" + gateway.adminPort()));
            List<String> all = LogCapture.install().lines();
            int readyAt = -1;
            for (int i = 0; i < all.size(); i++) {
                if (ready.matcher(all.get(i)).matches()) {
                    readyAt = i;
                }
            }
            assertThat(readyAt).as("a line matching %s in %s", ready,
                    all.stream().filter(l -> l.contains("llmgate ready")).toList()).isNotNegative();
            // Tomcat and Camel log their own start before it: the ready line is the last word of start-up
            assertThat(all.subList(0, readyAt)).anyMatch(l -> l.contains("Tomcat started on port"))
                    .anyMatch(l -> l.contains("Apache Camel") && l.contains("started"));
        }
    }
}
