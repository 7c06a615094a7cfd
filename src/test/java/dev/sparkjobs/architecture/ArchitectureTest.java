package dev.sparkjobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sparkjobs");

    @Test
    void theDomainImportsNoFramework() {
        noClasses()
                .that()
                .resideInAPackage("dev.sparkjobs.job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "org.apache.spark..", "jakarta..", "tools.jackson..", "io.delta..")
                .check(CLASSES);
    }

    @Test
    void theBatchDomainNeedsNothingButTheJobDomain() {
        // DAG validation, run conditions and references stay pure: the coordinator around them is elsewhere
        classes()
                .that()
                .resideInAPackage("dev.sparkjobs.batch")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sparkjobs.batch", "dev.sparkjobs.job", "java..")
                .check(CLASSES);
    }

    @Test
    void thePluginApiNeedsNothingOfTheServiceButItself() {
        // plug-ins compile against the plugin-api jar alone (dev/sparkjobs/plugin/api/**)
        classes()
                .that()
                .resideInAPackage("dev.sparkjobs.plugin.api..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sparkjobs.plugin.api..", "java..", "org.apache.spark..", "org.slf4j..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.sparkjobs.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noRoomDependsOnARoomAboveIt() {
        // web → execution (the facade) → lifecycle/retention → engine → lease/admission/spark/jobtypes → job
        noClasses()
                .that()
                .resideInAnyPackage("dev.sparkjobs.engine..", "dev.sparkjobs.lifecycle..", "dev.sparkjobs.retention..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sparkjobs.web..", "dev.sparkjobs.execution..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.sparkjobs.lease..",
                        "dev.sparkjobs.admission..",
                        "dev.sparkjobs.spark..",
                        "dev.sparkjobs.jobtypes..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sparkjobs.web..",
                        "dev.sparkjobs.execution..",
                        "dev.sparkjobs.lifecycle..",
                        "dev.sparkjobs.retention..",
                        "dev.sparkjobs.engine..",
                        "dev.sparkjobs.store..")
                .check(CLASSES);
    }

    @Test
    void everyPoolMakesItsThreadsWithTheApplicationThreadFactory() {
        // a prefix set on the pool itself means Spring's own factory: threads that keep whichever class
        // loader the first submitter had (see threads.ApplicationThreadFactory)
        noClasses()
                .should()
                .callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("setThreadNamePrefix")))
                .check(CLASSES);
    }

    @Test
    void onlyTheSecurityPackageKnowsSpringSecurity() {
        // everyone else sees a Caller: roles and tenants are checked by the facade, not by annotations
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sparkjobs.security..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.security..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sparkjobs.security..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sparkjobs.web..",
                        "dev.sparkjobs.execution..",
                        "dev.sparkjobs.engine..",
                        "dev.sparkjobs.lifecycle..",
                        "dev.sparkjobs.store..")
                .check(CLASSES);
    }

    @Test
    void onlyTheStoreTalksSql() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sparkjobs.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "org.flywaydb..")
                .check(CLASSES);
    }

    @Test
    void theWebLayerGoesThroughTheServiceNotTheStoreOrSpark() {
        noClasses()
                .that()
                .resideInAPackage("dev.sparkjobs.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sparkjobs.store..", "dev.sparkjobs.spark..", "org.apache.spark..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheSparkPackageSetsSparkThreadProperties() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sparkjobs.spark..")
                .should()
                .callMethod(SparkContext.class, "setJobGroup", String.class, String.class, boolean.class)
                .orShould()
                .callMethod(SparkContext.class, "setLocalProperty", String.class, String.class)
                .orShould()
                .callMethod(SparkContext.class, "addJobTag", String.class)
                .check(CLASSES);
    }
}
