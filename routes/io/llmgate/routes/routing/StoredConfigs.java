package io.llmgate.routes.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.llmgate.model.routing.ConfigValidator;
import io.llmgate.model.routing.RoutingConfigChanged;
import io.llmgate.model.routing.RoutingConfigService;
import io.llmgate.routes.api.CallerIdentity;
import io.llmgate.routes.api.GatewayException;

/**
 * Named configs from the database, compiled once per active version. A save or rollback drops the compiled copy
 * after commit, so the next request runs the new version; requests already running keep the plan they hold.
 */
@Component
public class StoredConfigs implements NamedConfigs, ConfigValidator {

    private final RoutingConfigService service;
    private final RoutingConfigParser parser;
    private final ObjectMapper json;
    // expiry is a safety net for replicas that miss another replica's change event
    private record Entry(RoutingPlan plan, String workspaceId) {
    }

    private final Cache<String, Entry> compiled = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30)).build();

    public StoredConfigs(@org.springframework.context.annotation.Lazy RoutingConfigService service,
                         RoutingConfigParser parser, ObjectMapper json) {
        this.service = service;
        this.parser = parser;
        this.json = json;
    }

    @Override
    public RoutingPlan active(String id, CallerIdentity caller) {
        Entry entry = compiled.get(id, this::load);
        // another workspace's config is reported as missing, not as forbidden: ids are not disclosed
        if (entry == null || (caller.workspaceId() != null && entry.workspaceId() != null
                && !entry.workspaceId().equals(caller.workspaceId()))) {
            throw GatewayException.notFound("routing config '" + id + "' not found");
        }
        return entry.plan();
    }

    private Entry load(String id) {
        return service.active(id).map(a -> {
            try {
                return new Entry(new RoutingPlan(id, a.version().getVersion(),
                        parser.parse(json.readTree(a.version().getBody()))), a.config().getWorkspaceId());
            } catch (IOException e) {
                throw new IllegalStateException("stored config " + id + " is not JSON", e);
            }
        }).orElse(null);
    }

    @TransactionalEventListener
    public void onChange(RoutingConfigChanged change) {
        compiled.invalidate(change.configId());
    }

    @Override
    public List<String> validate(String text) {
        try {
            parser.parse(json.readTree(text));
            return List.of();
        } catch (InvalidConfigException e) {
            return e.errors();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of("config is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return List.of("config is not valid JSON");
        }
    }
}
