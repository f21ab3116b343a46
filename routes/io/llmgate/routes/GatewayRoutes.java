package io.llmgate.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.governance.BudgetProcessor;
import io.llmgate.routes.governance.GatewayAuthenticator;
import io.llmgate.routes.governance.ModelPermission;
import io.llmgate.routes.governance.RateLimitProcessor;
import io.llmgate.routes.http.RequestSizeLimiter;
import io.llmgate.routes.http.StreamingHttpBinding;
import io.llmgate.routes.inbound.ErrorResponder;
import io.llmgate.routes.inbound.HealthCheck;
import io.llmgate.routes.inbound.ModelList;
import io.llmgate.routes.inbound.RequestBodyParser;
import io.llmgate.routes.inbound.RequestParser;
import io.llmgate.routes.inbound.ResponseWriter;
import io.llmgate.routes.routing.PlanRoutes;
import io.llmgate.routes.routing.PlanResolver;

/**
 * The request path, socket to provider and back. Each step is a bean that does one thing; integration teams add
 * their own steps as routes or beans around these.
 */
@Component
public class GatewayRoutes extends RouteBuilder {

    private final GatewayProperties properties;
    private final RequestParser requestParser;
    private final RequestBodyParser bodyParser;
    private final ResponseWriter responseWriter;
    private final ErrorResponder errorResponder;
    private final ModelList modelList;
    private final PlanResolver planResolver;
    private final PlanRoutes planRoutes;
    private final GatewayAuthenticator authenticator;
    private final ModelPermission modelPermission;
    private final RateLimitProcessor rateLimits;
    private final BudgetProcessor budgets;
    private final HealthCheck health;

    public GatewayRoutes(GatewayProperties properties, RequestParser requestParser, RequestBodyParser bodyParser,
                         ResponseWriter responseWriter, ErrorResponder errorResponder, ModelList modelList,
                         PlanResolver planResolver, PlanRoutes planRoutes, GatewayAuthenticator authenticator,
                         ModelPermission modelPermission, RateLimitProcessor rateLimits, BudgetProcessor budgets,
                         HealthCheck health) {
        this.properties = properties;
        this.requestParser = requestParser;
        this.bodyParser = bodyParser;
        this.responseWriter = responseWriter;
        this.errorResponder = errorResponder;
        this.modelList = modelList;
        this.planResolver = planResolver;
        this.planRoutes = planRoutes;
        this.authenticator = authenticator;
        this.modelPermission = modelPermission;
        this.rateLimits = rateLimits;
        this.budgets = budgets;
        this.health = health;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind("streamingHttpBinding", new StreamingHttpBinding());
        getContext().getRegistry().bind("requestSizeLimiter", new RequestSizeLimiter(properties.getMaxBodyBytes()));

        // Throwable: an Error (a team step's AssertionError, a StackOverflowError) must answer 500 too, not drop the
        // connection with no response
        onException(Throwable.class).handled(true).process(errorResponder);

        from(gatewayEndpoint()).routeId("gateway-in")
                .process("traceContextProcessor") // W3C traceparent in, request span, trace context to the provider
                .process(requestParser)     // operation, headers, request id; 404/405
                .process(authenticator)     // gateway API key -> CallerIdentity, on the headers alone; 401/403
                .process(bodyParser)        // JSON body and metadata, validated; 400
                .process(modelPermission)   // the key's allowed models; 403
                .choice()
                    .when(exchange -> RequestParser.HEALTH.equals(GatewayExchange.of(exchange).operation()))
                        .process(health)        // readiness for load balancers: 200 UP or 503 OUT_OF_SERVICE
                        .stop()
                    .when(exchange -> "MODELS".equals(GatewayExchange.of(exchange).operation()))
                        .process(modelList)
                    .otherwise()
                        .to("direct:proxy")
                .end()
                .process(responseWriter);

        from("direct:proxy").routeId("proxy")
                .process(rateLimits)        // RPM/TPM, x-ratelimit-* headers; 429
                .process(budgets)           // hold the estimated cost; 429 budget_exceeded
                .process(planResolver)      // inline config, named config, key default, or provider headers
                .process(planRoutes);       // the config's own routes (plan-<config>-v<n>...): choice, load balancers,
                                            // circuit breakers, retries; each try via direct:attempt
    }

    private String gatewayEndpoint() {
        // the aggregator's limit sits above ours so RequestSizeLimiter answers first, in OpenAI's shape
        long aggregatorLimit = Math.min(Integer.MAX_VALUE, properties.getMaxBodyBytes() + 1);
        return "netty-http:http://" + properties.getHost() + ":" + properties.getPort() + "/"
                + "?matchOnUriPrefix=true"
                + "&nettyHttpBinding=#streamingHttpBinding"
                + "&decoders=#requestSizeLimiter"
                + "&encoders=#connectionDrain,#connectionGuard" // graceful shutdown; connection limit, timeouts
                + "&maxInitialLineLength=" + properties.getServer().getMaxInitialLineLength()
                + "&maxHeaderSize=" + properties.getServer().getMaxHeaderSize()
                + (properties.getServer().getWorkerThreads() > 0
                        ? "&workerCount=" + properties.getServer().getWorkerThreads() : "")
                + "&chunkedMaxContentLength=" + aggregatorLimit
                + "&bridgeEndpoint=true"   // bodies are JSON whatever the content type says: no form parsing
                + "&muteException=true";
    }
}
