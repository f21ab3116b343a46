package io.llmgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

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
     * Feature packages (routes.governance, model.audit, ...) in no new cycle. The cycles there were when this rule
     * came (audit and governance call each other, routes.governance and routes.inbound, routes.http and
     * routes.inbound) are frozen in src/test/resources/archunit_store: they may go, none may be added.
     */
    @ArchTest
    static final ArchRule featurePackagesAreFreeOfNewCycles = FreezingArchRule.freeze(
            slices().matching("io.llmgate.(*).(*)..").should().beFreeOfCycles());
}
