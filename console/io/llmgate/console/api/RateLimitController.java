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

import io.llmgate.model.ratelimit.RateLimitService;
import io.llmgate.model.ratelimit.RateLimitService.RateLimitSpec;
import io.llmgate.model.ratelimit.RateLimitService.RateLimitView;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Rate limits")
@RestController
@RequestMapping("/admin/api")
public class RateLimitController {

    private final RateLimitService limits;
    private final AdminActors actors;

    public RateLimitController(RateLimitService limits, AdminActors actors) {
        this.limits = limits;
        this.actors = actors;
    }

    @GetMapping("/workspaces/{workspaceId}/rate-limits")
    public ApiList<RateLimitView> list(@PathVariable String workspaceId, HttpServletRequest http) {
        return ApiList.of(limits.list(actors.current(http), workspaceId));
    }

    @PostMapping("/workspaces/{workspaceId}/rate-limits")
    @ResponseStatus(HttpStatus.CREATED)
    public RateLimitView create(@PathVariable String workspaceId, @RequestBody RateLimitSpec body,
                                HttpServletRequest http) {
        return limits.create(actors.current(http), workspaceId, body);
    }

    @GetMapping("/rate-limits/{id}")
    public RateLimitView get(@PathVariable String id, HttpServletRequest http) {
        return limits.get(actors.current(http), id);
    }

    @PatchMapping("/rate-limits/{id}")
    public RateLimitView update(@PathVariable String id, @RequestBody RateLimitSpec body, HttpServletRequest http) {
        return limits.update(actors.current(http), id, body);
    }

    @DeleteMapping("/rate-limits/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id, HttpServletRequest http) {
        limits.delete(actors.current(http), id);
    }
}
