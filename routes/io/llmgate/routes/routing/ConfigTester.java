package io.llmgate.routes.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.Attempt;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.Endpoint;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.inbound.RequestParser;
import io.llmgate.routes.upstream.UpstreamResult;

/**
 * "Test this config": sends one small chat completion through a routing config (not yet saved, as JSON) with the
 * gateway's own routing (targets, fallbacks, retries, breakers, virtual keys of the workspace) and tells which
 * target answered. Not counted against budgets or rate limits and not written to the request log.
 */
@Component
public class ConfigTester extends RouteBuilder {

    static final String ENDPOINT = "direct:console-config-test";

    public record Result(int status, String answeredBy, String provider, String content, String error,
                         List<Attempt> attempts, long millis) {
    }

    private final PlanResolver resolver;
    private final PlanRoutes executor;
    private final ObjectMapper json;
    private volatile ProducerTemplate producer;

    public ConfigTester(PlanResolver resolver, PlanRoutes executor, ObjectMapper json) {
        this.resolver = resolver;
        this.executor = executor;
        this.json = json;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("console-config-test").process(resolver).process(executor);
    }

    /**
     * @param config      routing config as JSON text
     * @param workspaceId workspace whose virtual keys the config may use
     */
    @SuppressWarnings("unchecked")
    public Result test(String config, String workspaceId, String model, String prompt) {
        CamelContext camel = getContext();
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", 32);
        Map<String, String> headers = new HashMap<>();
        try {
            headers.put(GatewayHeaders.CONFIG, json.readTree(config).toString());
        } catch (Exception e) {
            return new Result(400, null, null, null, "config is not valid JSON", List.of(), 0);
        }
        String requestId = String.format("cfgtest_%016x", ThreadLocalRandom.current().nextLong());
        Exchange exchange = new DefaultExchange(camel);
        GatewayExchange.of(exchange).requestId(requestId);
        GatewayExchange.of(exchange).operation(Endpoint.CHAT_COMPLETIONS.name());
        GatewayExchange.of(exchange).request(new GatewayRequest(requestId, Endpoint.CHAT_COMPLETIONS,
                body, headers, Map.of(), System.nanoTime()));
        GatewayExchange.of(exchange).caller(new CallerIdentity(null, "console config test", workspaceId,
                null));
        long start = System.nanoTime();
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        Exchange done = producer.send(ENDPOINT, exchange);
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<Attempt> tried = GatewayExchange.of(done).attempts();
        List<Attempt> attempts = tried == null ? new ArrayList<>() : new ArrayList<>(tried);
        Attempt answered = attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.SUCCESS).findFirst()
                .orElse(null);
        Exception failure = done.getException();
        if (failure != null) {
            int status = failure instanceof GatewayException g ? g.status() : 500;
            return new Result(status, null, null, null, failure.getMessage(), attempts, millis);
        }
        UpstreamResult result = done.getProperty(GatewayHeaders.RESULT_PROPERTY, UpstreamResult.class);
        String content = null;
        if (result instanceof UpstreamResult.Completed c) {
            JsonNode message = c.body().path("choices").path(0).path("message").path("content");
            content = message.isMissingNode() ? c.body().toString() : message.asText();
        }
        return new Result(200, answered == null ? null : answered.optionPath(),
                result == null ? null : result.provider(), content, null, attempts, millis);
    }
}
