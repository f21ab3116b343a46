package io.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.llmgate.routes.routing.PlanRoutes;

/** A routing config is Camel routes: named after the config, built from Camel's EIPs, extensible per target. */
class PlanRoutesTest extends RoutingTestSupport {

    @Autowired
    CamelContext camel;

    String config(String marker) {
        return "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":["
                + target(A, "\"circuit_breaker\":{\"minimum_calls\":5},\"retry\":{\"attempts\":1},\"name\":\"" + marker + "\"")
                + ",{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[" + target(B, "\"weight\":3") + ","
                + target(C, "\"weight\":1") + "]}]}";
    }

    List<String> planRoutes(String prefixPart) {
        return camel.getRoutes().stream().map(Route::getRouteId)
                .filter(id -> id.startsWith("plan-inline-") && id.contains(prefixPart)).sorted().toList();
    }

    @Test
    void aConfigBecomesRoutesNamedAfterItsNodesUsingCamelsEips() throws Exception {
        String config = config("eip-" + System.nanoTime());
        assertThat(chat(config).status()).isEqualTo(200);

        String entry = "plan-" + PlanRoutes.inlineId(config);
        assertThat(planRoutes(entry.substring("plan-inline-".length())))
                .containsExactly(entry, entry + "-root", entry + "-t0", entry + "-t1", entry + "-t1-0", entry + "-t1-1");

        String root = routeXml(entry + "-root");
        assertThat(root).contains("<loadBalance").contains("ref=\"" + entry + "-root-fallback\"");
        String target = routeXml(entry + "-t0");
        assertThat(target).contains("<circuitBreaker").contains("<resilience4jConfiguration")
                .contains("<onException").contains("<onFallback");
        assertThat(routeXml(entry + "-t1")).contains("<loadBalance").contains("ref=\"" + entry + "-t1-weighted\"");
        assertThat(routeXml(entry)).contains("<threads").contains("<doTry").contains("<doCatch");
        System.out.println("ROUTE DUMP\n" + routeXml(entry) + routeXml(entry + "-root") + target
                + routeXml(entry + "-t1") + routeXml(entry + "-t1-0"));
    }

    @Test
    void theSameConfigTextRunsOnTheSameRoutesAndAnotherTextOnItsOwn() {
        long before = camel.getRoutes().size();
        String config = config("same-" + System.nanoTime());
        chat(config);
        long afterFirst = camel.getRoutes().size();
        chat(config);
        chat(config);
        assertThat(camel.getRoutes()).hasSize((int) afterFirst);
        assertThat(afterFirst - before).isEqualTo(6);
        chat(config("other-" + System.nanoTime()));
        assertThat(camel.getRoutes()).hasSize((int) afterFirst + 6);
    }

    @Test
    void aTargetRouteCustomizerAddsAStepToOneTargetOfAConfig() {
        String config = "{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A, "\"name\":\"team-target\"")
                + "]}";
        chat(config);
        assertThat(A.last().header("x-target-step")).startsWith("inline-");
        chat("{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[" + target(A, "\"name\":\"other\"") + "]}");
        assertThat(A.last().header("x-target-step")).isNull();
    }

    private String routeXml(String routeId) {
        try {
            RouteDefinition definition = ((ModelCamelContext) camel).getRouteDefinition(routeId);
            if (definition == null) {
                return "";
            }
            return PluginHelper.getModelToXMLDumper(camel).dumpModelAsXml(camel, definition);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
