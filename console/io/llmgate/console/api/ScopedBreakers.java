package io.llmgate.console.api;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.stereotype.Component;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.routes.routing.TargetHealth;

/**
 * The circuit breakers a scope may see. A breaker is named by its target (provider, host and credential), so it
 * names a workspace's virtual key and upstream host: a workspace sees the breakers of its own virtual keys, only
 * organisation admins (scope: every workspace) see the rest.
 */
@Component
public class ScopedBreakers {

    private final TargetHealth health;
    private final VirtualKeyService virtualKeys;

    public ScopedBreakers(TargetHealth health, VirtualKeyService virtualKeys) {
        this.health = health;
        this.virtualKeys = virtualKeys;
    }

    public List<CircuitBreaker> visible(Actor actor, WorkspaceScope scope) {
        if (scope.all()) {
            return List.copyOf(health.allBreakers().values());
        }
        Set<String> credentials = virtualKeys.list(actor, scope.workspaceId()).stream()
                .map(k -> "vk:" + k.id()).collect(Collectors.toSet());
        return health.allBreakers().values().stream().filter(b -> credentials.contains(credential(b.getName())))
                .toList();
    }

    /** The credential part of a target key {@code provider|host|credential}. */
    static String credential(String targetKey) {
        int bar = targetKey.lastIndexOf('|');
        return bar < 0 ? "" : targetKey.substring(bar + 1);
    }
}
