package io.llmgate.routes.routing;

/**
 * A routing config ready to run.
 *
 * @param id      the named config's id, or {@code inline-<hash>} / {@code headers}
 * @param version the named config's version (0 for inline and header plans)
 */
public record RoutingPlan(String id, int version, PlanNode root) {

    /** Exchange property holding the plan of the current request. */
    public static final String PROPERTY = "llmgate.plan";
}
