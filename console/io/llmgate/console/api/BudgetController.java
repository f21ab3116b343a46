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

import io.llmgate.model.budget.BudgetEnforcer.BudgetUsage;
import io.llmgate.model.budget.BudgetService;
import io.llmgate.model.budget.BudgetService.BudgetSpec;
import io.llmgate.model.budget.BudgetService.BudgetView;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Budgets")
@RestController
@RequestMapping("/admin/api")
public class BudgetController {

    private final BudgetService budgets;
    private final AdminActors actors;

    public BudgetController(BudgetService budgets, AdminActors actors) {
        this.budgets = budgets;
        this.actors = actors;
    }

    @GetMapping("/workspaces/{workspaceId}/budgets")
    public ApiList<BudgetView> list(@PathVariable String workspaceId, HttpServletRequest http) {
        return ApiList.of(budgets.list(actors.current(http), workspaceId));
    }

    @PostMapping("/workspaces/{workspaceId}/budgets")
    @ResponseStatus(HttpStatus.CREATED)
    public BudgetView create(@PathVariable String workspaceId, @RequestBody BudgetSpec body, HttpServletRequest http) {
        return budgets.create(actors.current(http), workspaceId, body);
    }

    @GetMapping("/budgets/{id}")
    public BudgetView get(@PathVariable String id, HttpServletRequest http) {
        return budgets.get(actors.current(http), id);
    }

    @GetMapping("/budgets/{id}/usage")
    public BudgetUsage usage(@PathVariable String id, HttpServletRequest http) {
        return budgets.usage(actors.current(http), id);
    }

    @PatchMapping("/budgets/{id}")
    public BudgetView update(@PathVariable String id, @RequestBody BudgetSpec body, HttpServletRequest http) {
        return budgets.update(actors.current(http), id, body);
    }

    @DeleteMapping("/budgets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id, HttpServletRequest http) {
        budgets.delete(actors.current(http), id);
    }
}
