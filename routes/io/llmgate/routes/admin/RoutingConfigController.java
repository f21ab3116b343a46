package io.llmgate.routes.admin;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.audit.AuditService;
import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.Permission;
import io.llmgate.model.routing.ConfigValidator;
import io.llmgate.model.routing.RoutingConfig;
import io.llmgate.model.routing.RoutingConfigService;
import io.llmgate.model.routing.RoutingConfigVersion;

/**
 * Named routing configs: create, edit (each save a new version), history, rollback, validation. Reading needs
 * {@code CONFIG_READ} in the config's workspace, changing needs {@code CONFIG_WRITE} (configs of no workspace:
 * readable by all, changed by organisation admins); every change is audited with the config before and after.
 */
@RestController
@RequestMapping("/admin/api/configs")
public class RoutingConfigController {

    private final RoutingConfigService service;
    private final ConfigValidator validator;
    private final ObjectMapper json;
    private final AdminActors actors;
    private final AccessPolicy access;
    private final AuditService audit;

    public RoutingConfigController(RoutingConfigService service, ConfigValidator validator, ObjectMapper json,
                                   AdminActors actors, AccessPolicy access, AuditService audit) {
        this.service = service;
        this.validator = validator;
        this.json = json;
        this.actors = actors;
        this.access = access;
        this.audit = audit;
    }

    public record CreateRequest(String id, String name, String workspaceId, JsonNode config) {
    }

    public record UpdateRequest(JsonNode config, String comment) {
    }

    public record RollbackRequest(Integer version) {
    }

    public record ConfigView(String id, String name, String workspaceId, int activeVersion, String updatedAt,
                             JsonNode config) {
    }

    public record VersionView(int version, boolean active, String comment, String createdAt, String createdBy,
                              JsonNode config) {
    }

    @GetMapping
    public List<ConfigView> list(@RequestParam(required = false) String workspaceId, HttpServletRequest http) {
        Actor actor = actors.current(http);
        return service.list(workspaceId).stream()
                .filter(c -> c.getWorkspaceId() == null || access.can(actor, c.getWorkspaceId(), Permission.CONFIG_READ))
                .map(c -> view(c, null)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ConfigView create(@RequestBody CreateRequest request, HttpServletRequest http) {
        Actor actor = actors.current(http);
        requireWrite(actor, request.workspaceId());
        requireConfig(request.config());
        var active = service.create(request.id(), request.workspaceId(), request.name(), request.config().toString(),
                actor.name());
        audit.record(actor, "config.create", request.workspaceId(), "config", request.id(), null,
                ConfigSecrets.redact(request.config()), "version 1");
        return view(active.config(), active.version());
    }

    @GetMapping("/{id}")
    public ConfigView get(@PathVariable String id, HttpServletRequest http) {
        var active = readable(id, actors.current(http));
        return view(active.config(), active.version());
    }

    @PutMapping("/{id}")
    public ConfigView update(@PathVariable String id, @RequestBody UpdateRequest request, HttpServletRequest http) {
        Actor actor = actors.current(http);
        var before = readable(id, actor);
        requireWrite(actor, before.config().getWorkspaceId());
        requireConfig(request.config());
        JsonNode previous = parse(before.version().getBody());
        JsonNode config = ConfigSecrets.restore(request.config(), previous);
        var active = service.update(id, config.toString(), request.comment(), actor.name());
        audit.record(actor, "config.update", before.config().getWorkspaceId(), "config", id,
                ConfigSecrets.redact(previous), ConfigSecrets.redact(config), "version " + active.version().getVersion()
                        + (request.comment() == null ? "" : ": " + request.comment()));
        return view(active.config(), active.version());
    }

    @GetMapping("/{id}/versions")
    public List<VersionView> versions(@PathVariable String id, HttpServletRequest http) {
        int current = readable(id, actors.current(http)).version().getVersion();
        return service.versions(id).stream().map(v -> new VersionView(v.getVersion(), v.getVersion() == current,
                v.getComment(), String.valueOf(v.getCreatedAt()), v.getCreatedBy(),
                ConfigSecrets.redact(parse(v.getBody())))).toList();
    }

    @PostMapping("/{id}/rollback")
    public ConfigView rollback(@PathVariable String id, @RequestBody RollbackRequest request, HttpServletRequest http) {
        Actor actor = actors.current(http);
        var before = readable(id, actor);
        requireWrite(actor, before.config().getWorkspaceId());
        if (request.version() == null) {
            throw new IllegalArgumentException("version: required");
        }
        var active = service.rollback(id, request.version(), actor.name());
        audit.record(actor, "config.rollback", before.config().getWorkspaceId(), "config", id,
                ConfigSecrets.redact(parse(before.version().getBody())),
                ConfigSecrets.redact(parse(active.version().getBody())),
                "active version " + before.version().getVersion() + " -> " + request.version());
        return view(active.config(), active.version());
    }

    /** The active config, when the actor may see it; another workspace's config looks missing. */
    private RoutingConfigService.Active readable(String id, Actor actor) {
        var active = service.active(id).orElseThrow(() -> new NoSuchElementException("routing config '" + id
                + "' not found"));
        String ws = active.config().getWorkspaceId();
        if (ws != null && !access.can(actor, ws, Permission.CONFIG_READ)) {
            throw new NoSuchElementException("routing config '" + id + "' not found");
        }
        return active;
    }

    private void requireWrite(Actor actor, String workspaceId) {
        if (workspaceId == null) {
            access.requireOrgAdmin(actor, "change routing configs that belong to no workspace");
        } else {
            access.require(actor, workspaceId, Permission.CONFIG_WRITE);
        }
    }

    /** Checks a config without saving it: {"valid":true} or the list of problems with their paths. */
    @PostMapping("/validate")
    public Map<String, Object> validate(@RequestBody JsonNode config) {
        List<String> errors = validator.validate(config.toString());
        return Map.of("valid", errors.isEmpty(), "errors", errors);
    }

    private static void requireConfig(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config: required, a JSON object");
        }
    }

    private ConfigView view(RoutingConfig c, RoutingConfigVersion v) {
        RoutingConfigVersion version = v != null ? v : service.active(c.getId()).map(RoutingConfigService.Active::version)
                .orElse(null);
        return new ConfigView(c.getId(), c.getName(), c.getWorkspaceId(), c.getActiveVersion(),
                String.valueOf(c.getUpdatedAt()), version == null ? null : ConfigSecrets.redact(parse(version.getBody())));
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            ObjectNode broken = json.createObjectNode();
            broken.put("unreadable", body);
            return broken;
        }
    }
}
