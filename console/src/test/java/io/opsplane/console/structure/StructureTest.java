package io.opsplane.console.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    static final String ELASTICSEARCH_LOW_LEVEL = "org.elasticsearch.client..";
    static final String ELASTICSEARCH_CLIENT = "co.elastic..";
    /** The HTTP types of the low-level client (entities, hosts), Elasticsearch's wire too. */
    static final String ELASTICSEARCH_HTTP = "org.apache.http..";

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
                .resideInAnyPackage(JDBC, SPRING_JDBC, DATA_SOURCE, HTTP_CLIENT, KAFKA, ELASTICSEARCH_LOW_LEVEL,
                        ELASTICSEARCH_CLIENT)
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
                .resideInAnyPackage(ELASTICSEARCH_LOW_LEVEL, ELASTICSEARCH_CLIENT, ELASTICSEARCH_HTTP)
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

    @Test
    void noPackageCycles() {
        noPackageCycles("io.opsplane").check(opsplane);
    }

    @Test
    void theAlertingLibraryNeverImportsTheConsole() {
        libraryIndependentOf("io.opsplane.alerting", "io.opsplane.console").check(opsplane);
    }

    @Test
    void viewsTouchNoStorageOrRemoteClients() {
        viewsCallServicesOnly("io.opsplane.console").check(opsplane);
    }

    @Test
    void viewsReadAlertingThroughItsFacade() {
        viewsReadAlertingThroughItsFacade("io.opsplane.console", "io.opsplane.alerting").check(opsplane);
    }

    @Test
    void elasticsearchStaysInTheTelemetryAdapter() {
        elasticsearchOnlyIn("io.opsplane.console", "io.opsplane.console.telemetry.es").check(opsplane);
    }

    @Test
    void kafkaStaysInTheIngestAndCommandAdapters() {
        kafkaOnlyIn("io.opsplane.console", "io.opsplane.console.ingest..")
                .check(opsplane);
    }

    @Test
    void noJdbcInControllersViewsOrTelemetry() {
        noJdbcInWebOrTelemetry("io.opsplane.console").check(opsplane);
    }

    @Test
    void servicesThrowDomainExceptionsNotTheWebLayers() {
        servicesThrowDomainExceptions("io.opsplane.console").check(opsplane);
    }

    @Test
    void recordBeansStayPackagePrivate() {
        recordBeansArePackagePrivate("io.opsplane").check(opsplane);
    }

    /** The rules above, each shown to catch a deliberate violation. */
    @Test
    void eachRuleCatchesADeliberateViolation() {
        String root = StructureTest.class.getPackageName() + ".violations";
        assertViolated(noPackageCycles(root), "Cycle detected");
        assertViolated(libraryIndependentOf(root + ".alerting", root + ".console"), "LibraryCallsConsole");
        assertViolated(viewsCallServicesOnly(root), "ViewWithJdbc");
        assertViolated(viewsReadAlertingThroughItsFacade(root, root + ".alerting"), "ViewReadingAStore");
        assertViolated(elasticsearchOnlyIn(root, root + ".telemetry.es"), "SearchOutsideTheAdapter");
        // beside the adapter is outside it too: trace and log code go through telemetry.es
        assertViolated(elasticsearchOnlyIn(root, root + ".telemetry.es"), "SearchBesideTheAdapter");
        assertViolated(kafkaOnlyIn(root, root + ".ingest.."), "RecordOutsideTheAdapter");
        assertViolated(noJdbcInWebOrTelemetry(root), "SqlController");
        assertViolated(servicesThrowDomainExceptions(root), "ServiceThrowingWebErrors");
        assertViolated(recordBeansArePackagePrivate(root), "PublicRecordBean");
    }

    private static void assertViolated(ArchRule rule, String expected) {
        EvaluationResult result = rule.evaluate(violations);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(expected);
    }
}
