package dev.nsw.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of DESIGN.md §2, checked on the compiled classes. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.nsw");
    }

    @Test
    void coreNeverImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.nsw.gui..").and().doNotHaveFullyQualifiedName("dev.nsw.Main")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(classes);
    }

    @Test
    void cliNeverImportsGui() {
        noClasses().that().resideInAPackage("dev.nsw.cli..").should().dependOnClassesThat().resideInAPackage("dev.nsw.gui..")
                .check(classes);
    }

    @Test
    void viewsDoNotCallCoreServices() {
        noClasses().that().haveSimpleNameEndingWith("View").and().resideInAPackage("dev.nsw.gui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.nsw.lexical..", "dev.nsw.eval..", "dev.nsw.data..",
                        "dev.nsw.encoder..", "dev.nsw.retrieval..", "dev.nsw.index..", "dev.nsw.io..", "dev.nsw.workspace..", "dev.nsw.train..", "dev.nsw.job..")
                .check(classes);
    }

    @Test
    void onlyTheExecutorTouchesJavaFxTask() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.nsw.gui.task.FxTaskExecutor")
                .and().doNotHaveFullyQualifiedName("dev.nsw.gui.task.FxTaskExecutor$1")
                .should().dependOnClassesThat().haveFullyQualifiedName("javafx.concurrent.Task")
                .check(classes);
    }
}
