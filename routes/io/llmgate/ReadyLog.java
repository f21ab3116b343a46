package io.llmgate;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.netty.NettyConfiguration;
import org.apache.camel.component.netty.NettyEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One INFO line when the process can take requests: start-up takes tens of seconds on small machines, and without
 * it nothing says when the gateway and the admin API are listening, nor on which addresses.
 */
@Component
public class ReadyLog {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyLog.class);
    static final String GATEWAY_ROUTE = "gateway-in";

    private final CamelContext camel;
    private final Environment environment;

    public ReadyLog(CamelContext camel, Environment environment) {
        this.camel = camel;
        this.environment = environment;
    }

    /** ApplicationReadyEvent comes after Camel started its routes, so the gateway's socket is bound by now. */
    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        LOG.info(line(event));
    }

    String line(ApplicationReadyEvent event) {
        String seconds = String.format(Locale.ROOT, "%.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        return "llmgate ready in " + seconds + " s: gateway " + gateway() + ", console and admin API "
                + adminApi(event);
    }

    private String gateway() {
        Route route = camel.getRoute(GATEWAY_ROUTE);
        if (route == null || !camel.getRouteController().getRouteStatus(GATEWAY_ROUTE).isStarted()) {
            return "NOT STARTED (route " + GATEWAY_ROUTE + ")";
        }
        // the consumer's own configuration: what the started Netty server bound, not what the properties say
        if (route.getEndpoint() instanceof NettyEndpoint netty) {
            NettyConfiguration c = netty.getConfiguration();
            return "http://" + c.getHost() + ":" + c.getPort();
        }
        return route.getEndpoint().getEndpointBaseUri();
    }

    private String adminApi(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            return "http://" + environment.getProperty("server.address", "0.0.0.0") + ":"
                    + web.getWebServer().getPort();
        }
        return "not started (no web server)";
    }
}
