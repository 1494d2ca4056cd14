package dev.nsw;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of DESIGN.md §2: the core never touches JavaFX, and the CLI never touches the GUI. */
@AnalyzeClasses(packages = "dev.nsw", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreNeverDependsOnJavaFx = noClasses()
            .that().resideOutsideOfPackage("dev.nsw.gui..")
            .and().doNotHaveFullyQualifiedName("dev.nsw.Main")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the core and the CLI must run without JavaFX (DESIGN.md §2)");

    @ArchTest
    static final ArchRule cliNeverDependsOnGui = noClasses()
            .that().resideInAPackage("dev.nsw.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.nsw.gui..")
            .because("every GUI action has a CLI twin calling the same core service, not the GUI");
}
