package io.llmgate.console.api;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.AdminKeyService;
import io.llmgate.model.governance.AdminKeyService.AdminKeyView;
import io.llmgate.model.governance.AdminKeyService.CreatedAdminKey;
import io.llmgate.model.governance.SnakeCaseJson;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Admin API keys")
@RestController
@RequestMapping("/admin/api/admin-keys")
public class AdminKeyController {

    @SnakeCaseJson
    public record AdminKeyRequest(String name, String userId, Instant expiresAt) {
    }

    private final AdminKeyService keys;
    private final AdminActors actors;

    public AdminKeyController(AdminKeyService keys, AdminActors actors) {
        this.keys = keys;
        this.actors = actors;
    }

    @GetMapping
    public ApiList<AdminKeyView> list(HttpServletRequest http) {
        return ApiList.of(keys.list(actors.current(http)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedAdminKey create(@RequestBody AdminKeyRequest body, HttpServletRequest http) {
        return keys.create(actors.current(http), body.name(), body.userId(), body.expiresAt());
    }

    @PostMapping("/{id}/revoke")
    public AdminKeyView revoke(@PathVariable String id, HttpServletRequest http) {
        return keys.revoke(actors.current(http), id);
    }
}
