package io.opsplane.console.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.stereotype.Component;

/**
 * The structure guards itself: these rules fail the build when a change ties packages into a cycle, lets the
 * alerting library reach into the console, or lets a storage or messaging client leak out of its adapter. Each
 * rule is also run against a small deliberate violation (in {@code structure.violations}) and must catch it, so
 * a rule cannot pass by matching nothing.
 */
class StructureTest {

    static final String JDBC = "java.sql..";
    static final String SPRING_JDBC = "org.springframework.jdbc..";
    static final String DATA_SOURCE = "javax.sql..";
    static final String HTTP_CLIENT = "java.net.http..";
    static final String KAFKA = "org.apache.kafka..";
    /** The HTTP client to the search engine's nodes (requests, entities, hosts): its wire. */
    static final String SEARCH_ENGINE_HTTP = "org.apache.http..";

    private static JavaClasses opsplane;
    private static JavaClasses violations;

    @BeforeAll
    static void importClasses() {
        opsplane = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.opsplane.console", "io.opsplane.alerting");
        violations = new ClassFileImporter().importPackages(StructureTest.class.getPackageName() + ".violations");
    }

    /** Every package is its own slice: no two packages may depend on each other, however indirectly. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static ArchRule libraryIndependentOf(String library, String application) {
        return noClasses().that().resideInAPackage(library + "..").should().dependOnClassesThat()
                .resideInAPackage(application + "..")
                .because("the alerting library is wired in by the console, never the other way round");
    }

    static ArchRule viewsCallServicesOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".ui..").should().dependOnClassesThat()
                .resideInAnyPackage(JDBC, SPRING_JDBC, DATA_SOURCE, HTTP_CLIENT, KAFKA, SEARCH_ENGINE_HTTP)
                .because("views call feature services; storage and remote calls stay in the features' adapters");
    }

    /**
     * Views read alerting through {@code AlertingReads}; its stores, catalog and registries (and their tables) stay
     * the library's own. Of the library's classes, views may use the façade and its vocabulary: records, enums and
     * the ports (interfaces) the console answers.
     */
    static ArchRule viewsReadAlertingThroughItsFacade(String root, String library) {
        DescribedPredicate<JavaClass> internals = new DescribedPredicate<>("a class of " + library
                + " other than AlertingReads, a record, an enum or an interface") {
            @Override
            public boolean test(JavaClass type) {
                return type.getPackageName().startsWith(library) && !type.getSimpleName().equals("AlertingReads")
                        && !type.isRecord() && !type.isEnum() && !type.isInterface();
            }
        };
        return noClasses().that().resideInAPackage(root + ".ui..").should().dependOnClassesThat(internals)
                .because("the UI reads alerting through its read façade, not its stores");
    }

    static ArchRule elasticsearchOnlyIn(String root, String adapter) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(adapter + "..")
                .should().dependOnClassesThat()
                .resideInAPackage(SEARCH_ENGINE_HTTP)
                .because("one Elasticsearch adapter maps requests and errors the same way for traces and logs");
    }

    /** Kafka records are read by the ingest adapter and written by the command sender (Kafka*), nowhere else. */
    static ArchRule kafkaOnlyIn(String root, String... adapters) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(adapters)
                .and().haveSimpleNameNotStartingWith("Kafka")
                .should().dependOnClassesThat().resideInAPackage(KAFKA)
                .because("Kafka records are turned into domain inputs at the edge");
    }

    static ArchRule noJdbcInWebOrTelemetry(String root) {
        return noClasses().that().resideInAnyPackage(root + ".ui..", root + ".telemetry..", root + ".security..",
                        root + ".definition..").or().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().resideInAnyPackage(JDBC, SPRING_JDBC, DATA_SOURCE)
                .because("tables are read and written by their owning feature's store, not by controllers or views");
    }

    /** Services say what went wrong in their own terms; only controllers speak HTTP. */
    static ArchRule servicesThrowDomainExceptions(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".web..").and().haveSimpleNameNotEndingWith("Controller")
                .should().dependOnClassesThat().haveFullyQualifiedName(root + ".web.NotFoundException")
                .because("a service's caller may be a view, a job or a controller; only a controller answers 404");
    }

    /**
     * A bean whose only state is its collaborators may be a record, but a record's accessors are public: its
     * collaborators stay out of other packages' reach only while its type does.
     */
    static ArchRule recordBeansArePackagePrivate(String root) {
        return noClasses().that().resideInAPackage(root + "..").and(RECORDS)
                .and().areMetaAnnotatedWith(Component.class).should().bePublic()
                .because("a public record bean would hand its stores and clients to anyone through its accessors");
    }

    private static final DescribedPredicate<JavaClass> RECORDS = new DescribedPredicate<>("are records") {
        @Override
        public boolean test(JavaClass type) {
            return type.isRecord();
        }
    };

    /**
     * A rule as Opsplane must keep it, the same rule over the violations package, and what it must report there.
     * The violations mirror Opsplane's layout: {@code violations.alerting} is the library, {@code violations.ui} the
     * views, and so on.
     */
    record Guard(String name, ArchRule onOpsplane, ArchRule onViolations, List<String> caught) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Guard> guards() {
        String console = "io.opsplane.console";
        String root = StructureTest.class.getPackageName() + ".violations";
        return List.of(
                new Guard("no package cycles", noPackageCycles("io.opsplane"), noPackageCycles(root),
                        List.of("Cycle detected")),
                new Guard("the alerting library never imports the console",
                        libraryIndependentOf("io.opsplane.alerting", console),
                        libraryIndependentOf(root + ".alerting", root + ".console"), List.of("LibraryCallsConsole")),
                new Guard("views touch no storage or remote clients", viewsCallServicesOnly(console),
                        viewsCallServicesOnly(root), List.of("ViewWithJdbc")),
                new Guard("views read alerting through its façade",
                        viewsReadAlertingThroughItsFacade(console, "io.opsplane.alerting"),
                        viewsReadAlertingThroughItsFacade(root, root + ".alerting"), List.of("ViewReadingAStore")),
                // beside the adapter is outside it too: trace and log code go through telemetry.es
                new Guard("Elasticsearch stays in the telemetry adapter",
                        elasticsearchOnlyIn(console, console + ".telemetry.es"),
                        elasticsearchOnlyIn(root, root + ".telemetry.es"),
                        List.of("SearchOutsideTheAdapter", "SearchBesideTheAdapter")),
                new Guard("Kafka stays in the ingest and command adapters", kafkaOnlyIn(console, console + ".ingest.."),
                        kafkaOnlyIn(root, root + ".ingest.."), List.of("RecordOutsideTheAdapter")),
                new Guard("no JDBC in controllers, views or telemetry", noJdbcInWebOrTelemetry(console),
                        noJdbcInWebOrTelemetry(root), List.of("SqlController")),
                new Guard("services throw domain exceptions, not the web layer's", servicesThrowDomainExceptions(console),
                        servicesThrowDomainExceptions(root), List.of("ServiceThrowingWebErrors")),
                new Guard("record beans stay package-private", recordBeansArePackagePrivate("io.opsplane"),
                        recordBeansArePackagePrivate(root), List.of("PublicRecordBean")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void opsplaneKeepsTheRule(Guard guard) {
        guard.onOpsplane().check(opsplane);
    }

    /** Each rule shown to catch a deliberate violation, so that it cannot pass by matching nothing. */
    @ParameterizedTest(name = "{0}: catches a deliberate violation")
    @MethodSource("guards")
    void theRuleCatchesADeliberateViolation(Guard guard) {
        EvaluationResult result = guard.onViolations().evaluate(violations);
        assertThat(result.hasViolation()).as(guard.onViolations().getDescription()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(guard.caught());
    }
}
