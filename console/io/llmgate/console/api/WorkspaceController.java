package io.llmgate.console.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.Role;
import io.llmgate.model.governance.SnakeCaseJson;
import io.llmgate.model.governance.WorkspaceService;
import io.llmgate.model.governance.WorkspaceService.MemberView;
import io.llmgate.model.governance.WorkspaceService.WorkspaceView;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Workspaces and members")
@RestController
@RequestMapping("/admin/api/workspaces")
public class WorkspaceController {

    @SnakeCaseJson
    public record WorkspaceRequest(String name, String description) {
    }

    @SnakeCaseJson
    public record RoleRequest(String role) {
    }

    private final WorkspaceService workspaces;
    private final AdminActors actors;

    public WorkspaceController(WorkspaceService workspaces, AdminActors actors) {
        this.workspaces = workspaces;
        this.actors = actors;
    }

    @GetMapping
    public ApiList<WorkspaceView> list(HttpServletRequest http) {
        return ApiList.of(workspaces.list(actors.current(http)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public WorkspaceView create(@RequestBody WorkspaceRequest body, HttpServletRequest http) {
        return workspaces.create(actors.current(http), body.name(), body.description());
    }

    @GetMapping("/{id}")
    public WorkspaceView get(@PathVariable String id, HttpServletRequest http) {
        return workspaces.get(actors.current(http), id);
    }

    @PatchMapping("/{id}")
    public WorkspaceView update(@PathVariable String id, @RequestBody WorkspaceRequest body, HttpServletRequest http) {
        return workspaces.update(actors.current(http), id, body.name(), body.description());
    }

    @GetMapping("/{id}/members")
    public ApiList<MemberView> members(@PathVariable String id, HttpServletRequest http) {
        return ApiList.of(workspaces.members(actors.current(http), id));
    }

    @PutMapping("/{id}/members/{userId}")
    public MemberView setRole(@PathVariable String id, @PathVariable String userId, @RequestBody RoleRequest body,
                              HttpServletRequest http) {
        return workspaces.setRole(actors.current(http), id, userId, Role.parse(body.role()));
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void removeMember(@PathVariable String id, @PathVariable String userId, HttpServletRequest http) {
        workspaces.removeMember(actors.current(http), id, userId);
    }
}
