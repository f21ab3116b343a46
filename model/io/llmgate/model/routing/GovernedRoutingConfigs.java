package io.llmgate.model.routing;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.Permission;

/**
 * Routing configs for people: {@link RoutingConfigService} with the workspace RBAC of governance
 * ({@code CONFIG_READ}, {@code CONFIG_WRITE}) and every change in the audit trail. Configs without a workspace
 * are organisation-wide: everyone signed in reads them, organisation admins change them.
 */
@Service
public class GovernedRoutingConfigs {

    private final RoutingConfigService configs;
    private final AccessPolicy access;
    private final AuditService audit;

    public GovernedRoutingConfigs(RoutingConfigService configs, AccessPolicy access, AuditService audit) {
        this.configs = configs;
        this.access = access;
        this.audit = audit;
    }

    /** The workspace's configs, and the organisation-wide ones. */
    @Transactional(readOnly = true)
    public List<RoutingConfig> list(Actor actor, String workspaceId) {
        access.require(actor, workspaceId, Permission.CONFIG_READ);
        return configs.list(null).stream().filter(c -> c.getWorkspaceId() == null
                || c.getWorkspaceId().equals(workspaceId)).toList();
    }

    @Transactional(readOnly = true)
    public RoutingConfigService.Active get(Actor actor, String id) {
        RoutingConfigService.Active a = configs.active(id).orElseThrow(() -> GovernanceException.notFound(
                "routing config", id));
        require(actor, a.config().getWorkspaceId(), Permission.CONFIG_READ);
        return a;
    }

    @Transactional(readOnly = true)
    public List<RoutingConfigVersion> versions(Actor actor, String id) {
        get(actor, id);
        return configs.versions(id);
    }

    @Transactional
    public RoutingConfigService.Active create(Actor actor, String workspaceId, String id, String name, String json) {
        require(actor, workspaceId, Permission.CONFIG_WRITE);
        // a new config has no stored key to keep: "[redacted]" would be stored as the key itself
        String body = restoreKeys(json, null);
        RoutingConfigService.Active a = configs.create(id == null ? null : id.trim(), workspaceId, name, body,
                actor.name());
        audit.record(actor, "routing_config.create", workspaceId, "routing_config", id, null,
                snapshot(a.version()), name);
        return a;
    }

    @Transactional
    public RoutingConfigService.Active update(Actor actor, String id, String json, String comment) {
        RoutingConfigService.Active before = get(actor, id);
        require(actor, before.config().getWorkspaceId(), Permission.CONFIG_WRITE);
        RoutingConfigService.Active a = configs.update(id, restoreKeys(json, before.version()), comment,
                actor.name());
        audit.record(actor, "routing_config.update", before.config().getWorkspaceId(), "routing_config", id,
                snapshot(before.version()), snapshot(a.version()), comment);
        return a;
    }

    @Transactional
    public RoutingConfigService.Active rollback(Actor actor, String id, int version) {
        RoutingConfigService.Active before = get(actor, id);
        require(actor, before.config().getWorkspaceId(), Permission.CONFIG_WRITE);
        RoutingConfigService.Active a;
        try {
            a = configs.rollback(id, version, actor.name());
        } catch (NoSuchElementException e) {
            throw GovernanceException.invalid("version", e.getMessage());
        }
        audit.record(actor, "routing_config.rollback", before.config().getWorkspaceId(), "routing_config", id,
                snapshot(before.version()), snapshot(a.version()), null);
        return a;
    }

    /** An audit snapshot: the version and the config, provider keys redacted. */
    private Map<String, Object> snapshot(RoutingConfigVersion v) {
        return Map.of("version", v.getVersion(), "config", ConfigSecrets.redact(parse(v.getBody())));
    }

    /** A config sent back with {@value ConfigSecrets#REDACTED} keeps the keys stored at those places. */
    private String restoreKeys(String json, RoutingConfigVersion stored) {
        try {
            return ConfigSecrets.restore(JSON.readTree(json), stored == null ? null : parse(stored.getBody()))
                    .toString();
        } catch (IllegalArgumentException e) {
            throw GovernanceException.invalid("config", e.getMessage());
        } catch (java.io.IOException e) {
            return json; // not JSON: the validator reports it
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf("(unreadable)");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Configs the actor may read: in workspaces where they hold CONFIG_READ, and the organisation-wide ones. */
    @Transactional(readOnly = true)
    public List<RoutingConfig> readable(Actor actor) {
        return configs.list(null).stream().filter(c -> c.getWorkspaceId() == null
                || access.can(actor, c.getWorkspaceId(), Permission.CONFIG_READ)).toList();
    }

    public boolean canWrite(Actor actor, String workspaceId) {
        return workspaceId == null ? actor.orgAdmin() : access.can(actor, workspaceId, Permission.CONFIG_WRITE);
    }

    private void require(Actor actor, String workspaceId, Permission permission) {
        if (workspaceId == null) {
            if (permission == Permission.CONFIG_WRITE) {
                access.requireOrgAdmin(actor, "change organisation-wide routing configs");
            }
            return;
        }
        access.require(actor, workspaceId, permission);
    }
}
