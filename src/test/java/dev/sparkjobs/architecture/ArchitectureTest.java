package dev.sparkjobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
