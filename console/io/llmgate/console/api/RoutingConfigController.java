package io.llmgate.console.api;

import java.util.List;
import java.util.Map;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.routing.ConfigSecrets;
import io.llmgate.model.routing.ConfigValidator;
import io.llmgate.model.routing.GovernedRoutingConfigs;
import io.llmgate.model.routing.RoutingConfig;
import io.llmgate.model.routing.RoutingConfigService;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/**
 * Named routing configs: create, edit (each save a new version), history, rollback, validation. Reading needs
 * {@code CONFIG_READ} in the config's workspace, changing needs {@code CONFIG_WRITE} (configs of no workspace:
 * readable by all, changed by organisation admins); every change is audited with the config before and after.
 * JSON names are snake_case like the rest of the admin API ({@code workspace_id}, {@code active_version}), and
 * an unknown field is a 400, so a misspelt {@code workspaceId} cannot create an organisation-wide config.
 */
@RestController
@RequestMapping("/admin/api/configs")
public class RoutingConfigController {

    private final GovernedRoutingConfigs configs;
    private final ConfigValidator validator;
    private final ObjectMapper json;
    private final AdminActors actors;
    private final ConfigWarnings warnings;

    public RoutingConfigController(GovernedRoutingConfigs configs, ConfigValidator validator, ObjectMapper json,
                                   AdminActors actors, ConfigWarnings warnings) {
        this.configs = configs;
        this.validator = validator;
        this.json = json;
        this.actors = actors;
        this.warnings = warnings;
    }

    public record CreateRequest(String id, String name, String workspaceId, JsonNode config) {
    }

    public record UpdateRequest(JsonNode config, String comment) {
    }

    public record RollbackRequest(Integer version) {
    }

    /**
     * @param warnings only in the answer to a save: what was stored but will not work as it is, e.g. a virtual key
     *                 the config's workspace does not have (requests using the config get a 400 until it exists)
     */
    public record ConfigView(String id, String name, String workspaceId, int activeVersion, String updatedAt,
                             JsonNode config,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<ConfigWarnings.Warning> warnings) {
    }

    public record VersionView(int version, boolean active, String comment, String createdAt, String createdBy,
                              JsonNode config) {
    }

    /** One workspace's configs (and the organisation-wide ones) with {@code workspace_id}, else all readable. */
    @GetMapping
    @Parameter(name = AdminScopes.PARAM, in = ParameterIn.QUERY, description = "one workspace (alias: workspace)")
    public ApiList<ConfigView> list(HttpServletRequest http) {
        Actor actor = actors.current(http);
        String workspaceId = AdminScopes.workspaceParam(http);
        var list = workspaceId == null ? configs.readable(actor) : configs.list(actor, workspaceId);
        return ApiList.of(list.stream().map(c -> view(configs.get(actor, c.getId()))).toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ConfigView create(@RequestBody CreateRequest request, HttpServletRequest http) {
        requireConfig(request.config());
        return saved(configs.create(actors.current(http), request.workspaceId(), request.id(), request.name(),
                request.config().toString()));
    }

    @GetMapping("/{id}")
    public ConfigView get(@PathVariable String id, HttpServletRequest http) {
        return view(configs.get(actors.current(http), id));
    }

    /** A new version; {@code "api_key": "[redacted]"} keeps the key stored at that place. */
    @PutMapping("/{id}")
    public ConfigView update(@PathVariable String id, @RequestBody UpdateRequest request, HttpServletRequest http) {
        requireConfig(request.config());
        return saved(configs.update(actors.current(http), id, request.config().toString(), request.comment()));
    }

    @GetMapping("/{id}/versions")
    public ApiList<VersionView> versions(@PathVariable String id, HttpServletRequest http) {
        Actor actor = actors.current(http);
        int current = configs.get(actor, id).version().getVersion();
        return ApiList.of(configs.versions(actor, id).stream().map(v -> new VersionView(v.getVersion(),
                v.getVersion() == current, v.getComment(), String.valueOf(v.getCreatedAt()), v.getCreatedBy(),
                ConfigSecrets.redact(parse(v.getBody())))).toList());
    }

    @PostMapping("/{id}/rollback")
    public ConfigView rollback(@PathVariable String id, @RequestBody RollbackRequest request, HttpServletRequest http) {
        if (request.version() == null) {
            throw new GovernanceException(GovernanceException.Kind.INVALID, "invalid_request", "version",
                    "version: required");
        }
        return view(configs.rollback(actors.current(http), id, request.version()));
    }

    /** Checks a config without saving it: {"valid":true} or the list of problems with their paths. */
    @PostMapping("/validate")
    public Map<String, Object> validate(@RequestBody JsonNode config) {
        List<String> errors = validator.validate(config.toString());
        return Map.of("valid", errors.isEmpty(), "errors", errors);
    }

    private static void requireConfig(JsonNode config) {
        if (config == null || !config.isObject()) {
            throw new GovernanceException(GovernanceException.Kind.INVALID, "invalid_request", "config",
                    "config: required, a JSON object");
        }
    }

    /** Provider keys written inline are never shown again. */
    private ConfigView view(RoutingConfigService.Active active) {
        return view(active, null);
    }

    private ConfigView view(RoutingConfigService.Active active, List<ConfigWarnings.Warning> warnings) {
        RoutingConfig c = active.config();
        return new ConfigView(c.getId(), c.getName(), c.getWorkspaceId(), c.getActiveVersion(),
                String.valueOf(c.getUpdatedAt()), ConfigSecrets.redact(parse(active.version().getBody())), warnings);
    }

    /** A saved config with its warnings (an empty list when there are none). */
    private ConfigView saved(RoutingConfigService.Active active) {
        return view(active, warnings.of(active));
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            ObjectNode broken = json.createObjectNode();
            broken.put("unreadable", true);
            return broken;
        }
    }
}
