package vn.gov.ndxp.adapters;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package graph (docs/architecture.md) stays one-way, and production code never reaches into the sandbox. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.gov.ndxp.adapters");
    }

    @Test
    void packagesFormADag() {
        slices().matching("vn.gov.ndxp.adapters.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void productionCodeDoesNotUseTheSandbox() {
        noClasses().that().resideOutsideOfPackage("vn.gov.ndxp.adapters.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("vn.gov.ndxp.adapters.sandbox..")
                .check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        // the model and the error form serve every other package and know none of them
        noClasses().that().resideInAnyPackage("vn.gov.ndxp.adapters.mapping..", "vn.gov.ndxp.adapters.exchange..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.gov.ndxp.adapters.adapter..",
                        "vn.gov.ndxp.adapters.platform..", "vn.gov.ndxp.adapters.inbound..", "vn.gov.ndxp.adapters.component..",
                        "vn.gov.ndxp.adapters.audit..", "vn.gov.ndxp.adapters.files..", "vn.gov.ndxp.adapters.capture..",
                        "vn.gov.ndxp.adapters.runtime..")
                .check(classes);
    }
}
