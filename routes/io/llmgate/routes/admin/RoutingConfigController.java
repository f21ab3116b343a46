package io.llmgate.routes.admin;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

import io.llmgate.model.routing.ConfigValidator;
import io.llmgate.model.routing.RoutingConfig;
import io.llmgate.model.routing.RoutingConfigService;
import io.llmgate.model.routing.RoutingConfigVersion;

/** Named routing configs: create, edit (each save a new version), history, rollback, validation. */
@RestController
@RequestMapping("/admin/api/configs")
public class RoutingConfigController {

    private final RoutingConfigService service;
    private final ConfigValidator validator;
    private final ObjectMapper json;

    public RoutingConfigController(RoutingConfigService service, ConfigValidator validator, ObjectMapper json) {
        this.service = service;
        this.validator = validator;
        this.json = json;
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
    public List<ConfigView> list(@RequestParam(required = false) String workspaceId) {
        return service.list(workspaceId).stream().map(c -> view(c, null)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ConfigView create(@RequestBody CreateRequest request, Principal who) {
        requireConfig(request.config());
        var active = service.create(request.id(), request.workspaceId(), request.name(), request.config().toString(),
                name(who));
        return view(active.config(), active.version());
    }

    @GetMapping("/{id}")
    public ConfigView get(@PathVariable String id) {
        var active = service.active(id).orElseThrow(() -> new NoSuchElementException("routing config '" + id
                + "' not found"));
        return view(active.config(), active.version());
    }

    @PutMapping("/{id}")
    public ConfigView update(@PathVariable String id, @RequestBody UpdateRequest request, Principal who) {
        requireConfig(request.config());
        var active = service.update(id, request.config().toString(), request.comment(), name(who));
        return view(active.config(), active.version());
    }

    @GetMapping("/{id}/versions")
    public List<VersionView> versions(@PathVariable String id) {
        int current = service.active(id).map(a -> a.version().getVersion()).orElse(-1);
        return service.versions(id).stream().map(v -> new VersionView(v.getVersion(), v.getVersion() == current,
                v.getComment(), String.valueOf(v.getCreatedAt()), v.getCreatedBy(), parse(v.getBody()))).toList();
    }

    @PostMapping("/{id}/rollback")
    public ConfigView rollback(@PathVariable String id, @RequestBody RollbackRequest request, Principal who) {
        if (request.version() == null) {
            throw new IllegalArgumentException("version: required");
        }
        var active = service.rollback(id, request.version(), name(who));
        return view(active.config(), active.version());
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
                String.valueOf(c.getUpdatedAt()), version == null ? null : parse(version.getBody()));
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

    private static String name(Principal who) {
        return who == null ? "anonymous" : who.getName();
    }
}
