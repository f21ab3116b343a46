package io.llmgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The source folders are the architecture (README, "Architecture"): {@code model/} depends on nothing else of ours,
 * {@code routes/} (the request path) on {@code model/} only, {@code batch/} on both, and {@code console/} (everything
 * ops use: Vaadin views and the admin REST API) sits on top; no feature package is in a cycle with another.
 */
@AnalyzeClasses(packages = "io.llmgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelDependsOnNothingElseOfOurs = noClasses().that().resideInAPackage("io.llmgate.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.llmgate.routes..", "io.llmgate.console..",
                    "io.llmgate.batch..");

    @ArchTest
    static final ArchRule routesDependOnTheModelOnly = noClasses().that().resideInAPackage("io.llmgate.routes..")
            .should().dependOnClassesThat().resideInAnyPackage("io.llmgate.console..", "io.llmgate.batch..");

    @ArchTest
    static final ArchRule batchIsNotOps = noClasses().that().resideInAPackage("io.llmgate.batch..")
            .should().dependOnClassesThat().resideInAPackage("io.llmgate.console..")
            .allowEmptyShould(true); // batch inference (issue 23) is still to come

    @ArchTest
    static final ArchRule httpControllersAreConsole = classes().that()
            .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
            .or().areAnnotatedWith(org.springframework.web.bind.annotation.RestControllerAdvice.class)
            .should().resideInAPackage("io.llmgate.console..");

    @ArchTest
    static final ArchRule viewsAreConsole = classes().that()
            .areAnnotatedWith(com.vaadin.flow.router.Route.class)
            .should().resideInAPackage("io.llmgate.console..");

    @ArchTest
    static final ArchRule camelRoutesAreRequestPathOrBatch = classes().that()
            .areAssignableTo(org.apache.camel.builder.RouteBuilder.class)
            .should().resideInAnyPackage("io.llmgate.routes..", "io.llmgate.batch..");

    @ArchTest
    static final ArchRule layersAreFreeOfCycles = slices().matching("io.llmgate.(*)..").should().beFreeOfCycles();

    /**
     * Feature packages (routes.governance, model.audit, ...) in no new cycle. The knots there were when this rule came
     * are listed in {@link #KNOWN_KNOTS}: each may shrink or untie, none may grow or be added. A knot is a strongly
     * connected set of feature packages; dependencies inside a listed knot may change without failing this rule (an
     * ArchUnit freeze of the cycle texts failed on any such change, which made moving code between them impossible).
     */
    static final List<Set<String>> KNOWN_KNOTS = List.of(
            Set.of("model.audit", "model.crypto", "model.governance"),
            Set.of("routes.governance", "routes.http", "routes.inbound", "routes.routing", "routes.upstream"));

    @ArchTest
    static void featurePackagesAreFreeOfNewCycles(JavaClasses classes) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass origin : classes) {
            String from = featurePackage(origin.getPackageName());
            if (from == null) continue;
            graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String to = featurePackage(dependency.getTargetClass().getPackageName());
                if (to != null && !to.equals(from)) graph.get(from).add(to);
            }
        }
        List<String> grown = new ArrayList<>();
        for (Set<String> knot : StronglyConnected.knots(graph)) {
            if (KNOWN_KNOTS.stream().noneMatch(known -> known.containsAll(knot))) grown.add(knot.toString());
        }
        if (!grown.isEmpty()) {
            throw new AssertionError("feature packages in a cycle that is new or larger than a known one "
                    + KNOWN_KNOTS + ": " + grown);
        }
    }

    /** {@code io.llmgate.routes.governance.x} -> {@code routes.governance}; null outside a feature package. */
    private static String featurePackage(String packageName) {
        if (!packageName.startsWith("io.llmgate.")) return null;
        String[] parts = packageName.substring("io.llmgate.".length()).split("\\.");
        return parts.length < 2 ? null : parts[0] + "." + parts[1];
    }
}
