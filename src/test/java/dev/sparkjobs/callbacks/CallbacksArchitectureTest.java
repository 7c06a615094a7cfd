package dev.sparkjobs.callbacks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CallbacksArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sparkjobs.callbacks");

    @Test
    void theRulesArePlainJava() {
        noClasses()
                .that()
                .doNotHaveSimpleName("CallbackProperties")
                .and()
                .doNotHaveSimpleName("CallbackConfiguration")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta..", "tools.jackson..", "org.apache.spark..")
                .check(CLASSES);
    }

    @Test
    void theCallbacksPackageDependsOnNoOtherPartOfTheService() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sparkjobs.callbacks..", "java..", "org.springframework..")
                .check(CLASSES);
    }
}
