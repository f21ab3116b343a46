package io.llmgate.routes.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.llmgate.routes.GatewayProperties;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;
import io.llmgate.routes.api.GatewayExchange;
import io.llmgate.routes.api.GatewayHeaders;
import io.llmgate.routes.api.GatewayRequest;
import io.llmgate.routes.provider.ProviderAdapter;
import io.llmgate.routes.provider.ProviderRegistry;
import io.llmgate.routes.provider.ProviderTarget;
import io.llmgate.routes.provider.UpstreamRequest;
import io.llmgate.routes.routing.HeaderTargetResolver;
import io.llmgate.routes.routing.PlanNode;
import io.llmgate.routes.routing.PlanResolver;
import io.llmgate.routes.routing.RoutingPlan;
import io.llmgate.routes.routing.VirtualKeyResolver;
import io.llmgate.routes.upstream.UpstreamClient;

/**
 * {@code GET /v1/models} in OpenAI's shape. A provider named by {@code x-gateway-provider} or
 * {@code x-gateway-virtual-key} is asked for its models, every target of an {@code x-gateway-config} too; without
 * either the list is {@code gateway.models} plus what the caller's credentials reach: the models of its workspace's
 * virtual keys and the models its API key names. A key limited to some models sees only those. Provider answers are
 * cached for {@code gateway.model-list.cache-ttl}, per workspace and credential.
 */
@Component
public class ModelList extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ModelList.class);

    private final ObjectMapper json;
    private final GatewayProperties properties;
    private final ProviderRegistry providers;
    private final HeaderTargetResolver targets;
    private final UpstreamClient client;
    private final PlanResolver plans;
    private final ObjectProvider<VirtualKeyResolver> virtualKeys;
    private final ObjectProvider<CallerModels> callerModels;
    /** Translated provider lists by workspace, provider, URL and a hash of the credential headers. */
    private final AsyncCache<String, List<ObjectNode>> lists;

    public ModelList(ObjectMapper json, GatewayProperties properties, ProviderRegistry providers,
                     HeaderTargetResolver targets, UpstreamClient client, PlanResolver plans,
                     ObjectProvider<VirtualKeyResolver> virtualKeys, ObjectProvider<CallerModels> callerModels,
                     @Value("${gateway.model-list.cache-ttl:60s}") Duration cacheTtl, ObjectProvider<Ticker> ticker) {
        this.json = json;
        this.properties = properties;
        this.providers = providers;
        this.targets = targets;
        this.client = client;
        this.plans = plans;
        this.virtualKeys = virtualKeys;
        this.callerModels = callerModels;
        // failed lists are not kept (AsyncCache drops a future that fails)
        this.lists = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(cacheTtl)
                .ticker(ticker.getIfAvailable(Ticker::systemTicker)).buildAsync();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            GatewayRequest request = GatewayExchange.of(exchange).request();
            CallerIdentity caller = GatewayExchange.of(exchange).caller();
            CompletableFuture<List<ObjectNode>> models;
            if (present(request.header(GatewayHeaders.CONFIG))) {
                models = ofConfig(exchange, caller);
            } else if (present(request.header(GatewayHeaders.PROVIDER))
                    || present(request.header(GatewayHeaders.VIRTUAL_KEY))) {
                models = of(targets.resolve(request, caller), caller);
            } else {
                models = reachable(exchange, caller);
            }
            models.whenComplete((list, failure) -> {
                try {
                    if (failure != null) {
                        exchange.setException(unwrap(failure));
                    } else {
                        exchange.getMessage().setBody(body(exchange, list));
                    }
                } catch (RuntimeException e) {
                    exchange.setException(e);
                }
                callback.done(false);
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** One provider's models, from the cache when asked within the TTL. */
    private CompletableFuture<List<ObjectNode>> of(ProviderTarget target, CallerIdentity caller) {
        ProviderAdapter adapter = providers.get(target.provider());
        UpstreamRequest list = adapter.listModels(target);
        if (list == null) {
            throw GatewayException.invalidRequest("provider " + adapter.name() + " has no model list", null);
        }
        Duration timeout = properties.getRequestTimeout();
        return lists.get(cacheKey(caller, adapter, list), (key, executor) -> client.fetch(adapter, list, timeout)
                .thenApply(bytes -> entries(adapter.toOpenAiModelList(bytes))));
    }

    /** Every target of the config is asked; the list fails only when all of them failed. */
    private CompletableFuture<List<ObjectNode>> ofConfig(Exchange exchange, CallerIdentity caller) {
        plans.process(exchange); // inline or named config, 4xx when invalid or unknown
        RoutingPlan plan = exchange.getProperty(RoutingPlan.PROPERTY, RoutingPlan.class);
        String clientKey = GatewayExchange.of(exchange).clientProviderKey();
        List<PlanNode.Target> leaves = new ArrayList<>();
        collect(plan.root(), leaves);
        List<CompletableFuture<List<ObjectNode>>> parts = new ArrayList<>();
        for (PlanNode.Target leaf : leaves) {
            parts.add(attempt(() -> of(providerTarget(leaf, clientKey, caller), caller)));
        }
        return merge(parts, true);
    }

    /** {@code gateway.models}, then the workspace's virtual keys' models, then the API key's own model names. */
    private CompletableFuture<List<ObjectNode>> reachable(Exchange exchange, CallerIdentity caller) {
        List<ObjectNode> configured = new ArrayList<>();
        for (GatewayProperties.ModelEntry m : properties.getModels()) {
            configured.add(entry(m.id(), 0, m.provider()));
        }
        CallerModels reach = callerModels.getIfAvailable();
        VirtualKeyResolver resolver = virtualKeys.getIfAvailable();
        if (reach == null) {
            return CompletableFuture.completedFuture(configured);
        }
        List<CompletableFuture<List<ObjectNode>>> parts = new ArrayList<>();
        parts.add(CompletableFuture.completedFuture(configured));
        if (resolver != null) {
            for (String id : reach.virtualKeys(caller)) {
                parts.add(attempt(() -> of(resolver.resolve(id, caller), caller)));
            }
        }
        List<ObjectNode> named = reach.allowedModels(exchange).stream().map(m -> entry(m, 0, "llmgate")).toList();
        parts.add(CompletableFuture.completedFuture(named));
        return merge(parts, false);
    }

    private static CompletableFuture<List<ObjectNode>> attempt(Supplier<CompletableFuture<List<ObjectNode>>> part) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** All parts that answered, in order; a part that failed is left out (and logged) unless none answered. */
    private static CompletableFuture<List<ObjectNode>> merge(List<CompletableFuture<List<ObjectNode>>> parts,
                                                             boolean needOne) {
        List<CompletableFuture<Throwable>> settled = parts.stream().map(p -> p.handle((r, e) -> e)).toList();
        return CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ObjectNode> out = new ArrayList<>();
            Throwable first = null;
            boolean any = false;
            for (int i = 0; i < parts.size(); i++) {
                Throwable failure = settled.get(i).join();
                if (failure == null) {
                    out.addAll(parts.get(i).join());
                    any = true;
                } else {
                    first = first == null ? failure : first;
                    LOG.warn("model list: one provider left out: {}", unwrap(failure).getMessage());
                }
            }
            if (needOne && !any && first != null) {
                throw first instanceof CompletionException c ? c : new CompletionException(first);
            }
            return out;
        });
    }

    /** The OpenAI list, each model once, only the models the caller's API key may use. */
    private ObjectNode body(Exchange exchange, List<ObjectNode> models) {
        CallerModels reach = callerModels.getIfAvailable();
        Map<String, ObjectNode> unique = new LinkedHashMap<>();
        for (ObjectNode m : models) {
            String id = m.path("id").asText();
            if (!id.isEmpty() && (reach == null || reach.allows(exchange, id))) {
                unique.putIfAbsent(id, m);
            }
        }
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        unique.values().forEach(m -> data.add(m.deepCopy()));
        return list;
    }

    private List<ObjectNode> entries(ObjectNode openAiList) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode m : openAiList.path("data")) {
            if (m instanceof ObjectNode o && m.path("id").isTextual()) {
                ObjectNode e = entry(m.path("id").asText(), m.path("created").asLong(0),
                        m.path("owned_by").asText("unknown"));
                o.fields().forEachRemaining(f -> e.putIfAbsent(f.getKey(), f.getValue()));
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    private ObjectNode entry(String id, long created, String ownedBy) {
        return json.createObjectNode().put("id", id).put("object", "model").put("created", created)
                .put("owned_by", ownedBy);
    }

    /**
     * Lists differ by credential (fine-tuned models, a workspace's deployments): the key holds the workspace and a
     * hash of the headers that carry the credential, never the secret itself.
     */
    private static String cacheKey(CallerIdentity caller, ProviderAdapter adapter, UpstreamRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(request.headers()).forEach((k, v) -> {
                sha.update(k.toLowerCase().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            String workspace = caller == null || caller.workspaceId() == null ? "-" : caller.workspaceId();
            return workspace + "|" + adapter.name() + "|" + request.uri() + "|"
                    + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    /** A config target as the provider call would see it (see TargetCall): virtual key, host and settings. */
    private ProviderTarget providerTarget(PlanNode.Target target, String clientKey, CallerIdentity caller) {
        if (target.virtualKey() == null) {
            return new ProviderTarget(target.provider(), target.apiKey() != null ? target.apiKey() : clientKey,
                    target.customHost(), target.settings(), Map.of());
        }
        VirtualKeyResolver resolver = virtualKeys.getIfAvailable();
        if (resolver == null) {
            throw GatewayException.invalidRequest("virtual keys are not available in this gateway",
                    target.path() + ".virtual_key");
        }
        ProviderTarget base = resolver.resolve(target.virtualKey(), caller);
        Map<String, String> settings = new HashMap<>(base.settings());
        settings.putAll(target.settings());
        return new ProviderTarget(target.provider() != null ? target.provider() : base.provider(), base.apiKey(),
                target.customHost() != null ? target.customHost() : base.baseUrl(), settings, base.extraHeaders());
    }

    private static void collect(PlanNode node, List<PlanNode.Target> out) {
        if (node instanceof PlanNode.Target t) {
            out.add(t);
        } else if (node instanceof PlanNode.Strategy s) {
            s.children().forEach(c -> collect(c, out));
        }
    }

    private static boolean present(String header) {
        return header != null && !header.isBlank();
    }

    private static RuntimeException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
