package io.llmgate.console.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.crypto.SecretValue;
import io.llmgate.model.governance.SnakeCaseJson;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.VirtualKeyService.VirtualKeySpec;
import io.llmgate.model.governance.VirtualKeyService.VirtualKeyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Virtual keys")
@RestController
@RequestMapping("/admin/api")
public class VirtualKeyController {

    @SnakeCaseJson
    public record RotateRequest(SecretValue secret) {
    }

    private final VirtualKeyService keys;
    private final AdminActors actors;

    public VirtualKeyController(VirtualKeyService keys, AdminActors actors) {
        this.keys = keys;
        this.actors = actors;
    }

    @GetMapping("/workspaces/{workspaceId}/virtual-keys")
    public ApiList<VirtualKeyView> list(@PathVariable String workspaceId, HttpServletRequest http) {
        return ApiList.of(keys.list(actors.current(http), workspaceId));
    }

    @Operation(summary = "Store a provider credential; the secret is encrypted and never returned")
    @PostMapping("/workspaces/{workspaceId}/virtual-keys")
    @ResponseStatus(HttpStatus.CREATED)
    public VirtualKeyView create(@PathVariable String workspaceId, @RequestBody VirtualKeySpec body,
                                 HttpServletRequest http) {
        return keys.create(actors.current(http), workspaceId, body);
    }

    @GetMapping("/virtual-keys/{id}")
    public VirtualKeyView get(@PathVariable String id, HttpServletRequest http) {
        return keys.get(actors.current(http), id);
    }

    @PatchMapping("/virtual-keys/{id}")
    public VirtualKeyView update(@PathVariable String id, @RequestBody VirtualKeySpec body, HttpServletRequest http) {
        return keys.update(actors.current(http), id, body);
    }

    @Operation(summary = "Replace the secret; the id stays and the next request uses the new secret")
    @PostMapping("/virtual-keys/{id}/rotate")
    public VirtualKeyView rotate(@PathVariable String id, @RequestBody RotateRequest body, HttpServletRequest http) {
        return keys.rotate(actors.current(http), id, body.secret());
    }

    @DeleteMapping("/virtual-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id, HttpServletRequest http) {
        keys.delete(actors.current(http), id);
    }
}
