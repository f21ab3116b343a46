package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.llmgate.VirtualThreadsDefault;
import io.llmgate.support.GatewayTestSupport;

/** On JDK 24+ the console's and admin API's requests run on virtual threads; a configured value wins. */
class VirtualThreadsTest extends GatewayTestSupport {

    @Autowired
    ServletWebServerApplicationContext web;

    @Test
    void tomcatServesOnVirtualThreadsFromJdk24() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "virtual threads are the default from JDK 24 on only");
        Connector connector = ((TomcatWebServer) web.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProtocolHandler().getExecutor().getClass().getSimpleName())
                .isEqualTo("VirtualThreadExecutor");
        // and the console still answers on them
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web.getWebServer().getPort() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
    }

    @Test
    void aConfiguredValueWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("user",
                Map.of("spring.threads.virtual.enabled", "false")));
        new VirtualThreadsDefault().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");

        StandardEnvironment unset = new StandardEnvironment();
        new VirtualThreadsDefault().postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty("spring.threads.virtual.enabled"))
                .isEqualTo(Runtime.version().feature() >= 24 ? "true" : null);
    }
}
