package io.llmgate.console.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.UserService;
import io.llmgate.model.governance.UserService.NewUser;
import io.llmgate.model.governance.UserService.UserUpdate;
import io.llmgate.model.governance.UserService.UserView;
import io.llmgate.model.governance.WorkspaceService;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Users")
@RestController
@RequestMapping("/admin/api")
public class UserController {

    private final UserService users;
    private final WorkspaceService workspaces;
    private final AdminActors actors;

    public UserController(UserService users, WorkspaceService workspaces, AdminActors actors) {
        this.users = users;
        this.workspaces = workspaces;
        this.actors = actors;
    }

    /** Who is calling, how, and their workspaces with roles. */
    @GetMapping("/me")
    public Map<String, Object> me(HttpServletRequest http) {
        Actor actor = actors.current(http);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", users.get(actor, actor.userId()));
        me.put("authenticated_by", actor.type().name().toLowerCase());
        me.put("workspaces", workspaces.list(actor));
        return me;
    }

    @GetMapping("/users")
    public ApiList<UserView> list(HttpServletRequest http) {
        return ApiList.of(users.list(actors.current(http)));
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    public UserView create(@RequestBody NewUser body, HttpServletRequest http) {
        return users.create(actors.current(http), body);
    }

    @GetMapping("/users/{id}")
    public UserView get(@PathVariable String id, HttpServletRequest http) {
        return users.get(actors.current(http), id);
    }

    @PatchMapping("/users/{id}")
    public UserView update(@PathVariable String id, @RequestBody UserUpdate body, HttpServletRequest http) {
        return users.update(actors.current(http), id, body);
    }
}
