package io.llmgate.console.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.ApiKeyService;
import io.llmgate.model.governance.ApiKeyService.ApiKeySpec;
import io.llmgate.model.governance.ApiKeyService.ApiKeyView;
import io.llmgate.model.governance.ApiKeyService.CreatedApiKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Gateway API keys")
@RestController
@RequestMapping("/admin/api")
public class ApiKeyController {

    private final ApiKeyService keys;
    private final AdminActors actors;

    public ApiKeyController(ApiKeyService keys, AdminActors actors) {
        this.keys = keys;
        this.actors = actors;
    }

    @GetMapping("/workspaces/{workspaceId}/api-keys")
    public ApiList<ApiKeyView> list(@PathVariable String workspaceId, HttpServletRequest http) {
        return ApiList.of(keys.list(actors.current(http), workspaceId));
    }

    @Operation(summary = "Create a gateway API key; the response's 'key' is the only time it is shown")
    @PostMapping("/workspaces/{workspaceId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedApiKey create(@PathVariable String workspaceId, @RequestBody ApiKeySpec body,
                                HttpServletRequest http) {
        return keys.create(actors.current(http), workspaceId, body);
    }

    @GetMapping("/api-keys/{id}")
    public ApiKeyView get(@PathVariable String id, HttpServletRequest http) {
        return keys.get(actors.current(http), id);
    }

    @PatchMapping("/api-keys/{id}")
    public ApiKeyView update(@PathVariable String id, @RequestBody ApiKeySpec body, HttpServletRequest http) {
        return keys.update(actors.current(http), id, body);
    }

    @Operation(summary = "Revoke: the key stops working at once")
    @PostMapping("/api-keys/{id}/revoke")
    public ApiKeyView revoke(@PathVariable String id, HttpServletRequest http) {
        return keys.revoke(actors.current(http), id);
    }

    @Operation(summary = "New secret for the same key id; the old one stops working at once")
    @PostMapping("/api-keys/{id}/rotate")
    public CreatedApiKey rotate(@PathVariable String id, HttpServletRequest http) {
        return keys.rotate(actors.current(http), id);
    }
}
