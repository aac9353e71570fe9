package vn.gov.ndxp.adapters;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
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

    /** The rows of the package picture in docs/architecture.md, lowest first. */
    private static final List<List<String>> ROWS = List.of(
            List.of("mapping", "logging"),
            List.of("exchange"),
            List.of("adapter"),
            List.of("backend"),
            List.of("platform", "quota"),
            List.of("files", "capture", "audit"),
            List.of("component", "inbound"),
            List.of("runtime", "catalog", "security", "sandbox"));

    @Test
    void aPackageUsesOnlyPackagesOnLowerRows() {
        List<String> all = ROWS.stream().flatMap(List::stream).toList();
        assertThat(classes.stream()
                .map(c -> c.getPackageName().replace("vn.gov.ndxp.adapters", "").replaceFirst("^\\.", "").split("\\.")[0])
                .filter(p -> !p.isEmpty()).distinct()).as("every package has a row").allMatch(all::contains);
        for (int row = 0; row < ROWS.size(); row++) {
            List<String> sameOrHigher = ROWS.subList(row, ROWS.size()).stream().flatMap(List::stream).toList();
            for (String p : ROWS.get(row)) {
                String[] others = sameOrHigher.stream().filter(q -> !q.equals(p)).map(q -> "vn.gov.ndxp.adapters." + q + "..")
                        .toArray(String[]::new);
                noClasses().that().resideInAPackage("vn.gov.ndxp.adapters." + p + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(others)
                        .because(p + " sits on row " + row + " of the package picture").check(classes);
            }
        }
    }
}
