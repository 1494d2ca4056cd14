package dev.nsw;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled classes. The table there and
 * {@link #MAY_USE} here are the same table: change them together.
 */
class ArchitectureTest {
    /** For each core package, the nsw packages it may use (besides itself). */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("job", Set.of());
        MAY_USE.put("io", Set.of());
        MAY_USE.put("data", Set.of("io"));
        MAY_USE.put("text", Set.of("io"));
        MAY_USE.put("encoder", Set.of("io", "job", "text"));
        MAY_USE.put("index", Set.of("io", "job"));
        MAY_USE.put("lexical", Set.of("data", "io", "job", "text"));
        MAY_USE.put("eval", Set.of("data"));
        MAY_USE.put("retrieval", Set.of("data", "encoder", "eval", "index", "io", "job", "lexical", "text"));
        MAY_USE.put("train", Set.of("data", "encoder", "eval", "io", "job", "retrieval", "text"));
        MAY_USE.put("rank", Set.of("data", "encoder", "eval", "io", "job", "retrieval", "text", "train"));
        MAY_USE.put("engine", Set.of("data", "encoder", "io", "job", "lexical", "retrieval", "text"));
        MAY_USE.put(
                "workspace", // engine: an engine index named as a workspace's index, Compare's engine runs
                Set.of(
                        "data",
                        "encoder",
                        "engine",
                        "eval",
                        "index",
                        "io",
                        "job",
                        "lexical",
                        "retrieval",
                        "text",
                        "train"));
        MAY_USE.put("spark", Set.of("data", "encoder", "io", "job", "retrieval"));
        MAY_USE.put(
                "bench",
                Set.of("data", "encoder", "engine", "eval", "index", "io", "job", "lexical", "retrieval", "text"));
    }

    static final List<String> ALL = List.of(
            "job",
            "io",
            "data",
            "text",
            "encoder",
            "index",
            "lexical",
            "eval",
            "retrieval",
            "train",
            "rank",
            "engine",
            "spark",
            "workspace",
            "bench",
            "cli",
            "serve",
            "gui");

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.nsw");
    }

    @Test
    void corePackagesUseOnlyTheLayersBelowThem() {
        MAY_USE.forEach((pkg, allowed) -> {
            List<String> forbidden = new ArrayList<>();
            for (String other : ALL) {
                if (!other.equals(pkg) && !allowed.contains(other)) {
                    forbidden.add("dev.nsw." + other + "..");
                }
            }
            noClasses()
                    .that()
                    .resideInAPackage("dev.nsw." + pkg + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("docs/ARCHITECTURE.md: " + pkg + " may use only " + allowed)
                    .check(classes);
        });
    }

    /**
     * The table says only what the code does: each dependency it allows is one some class has (a dependency no
     * code uses is a door left open, and the table stops describing the code).
     */
    @Test
    void everyAllowedDependencyIsUsed() {
        List<String> unused = new ArrayList<>();
        MAY_USE.forEach((pkg, allowed) -> {
            Set<String> used = packagesUsedBy(pkg);
            allowed.stream()
                    .filter(other -> !used.contains(other))
                    .sorted()
                    .forEach(other -> unused.add(pkg + " → " + other));
        });
        assertThat(unused)
                .as("docs/ARCHITECTURE.md allows these, but no class uses them: remove them from the table and MAY_USE")
                .isEmpty();
    }

    /** The nsw packages (first name below dev.nsw) that classes of {@code pkg} depend on, itself excluded. */
    private static Set<String> packagesUsedBy(String pkg) {
        Set<String> used = new java.util.TreeSet<>();
        for (var c : classes) {
            if (!c.getPackageName().equals("dev.nsw." + pkg)
                    && !c.getPackageName().startsWith("dev.nsw." + pkg + ".")) {
                continue;
            }
            for (var d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith("dev.nsw.")) {
                    String top = target.substring("dev.nsw.".length()).split("\\.")[0];
                    if (!top.equals(pkg)) {
                        used.add(top);
                    }
                }
            }
        }
        return used;
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.nsw.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreNeverImportsAFrontEndLibrary() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.nsw.gui..", "dev.nsw.cli..", "dev.nsw.serve..")
                .and()
                .doNotHaveFullyQualifiedName("dev.nsw.Main")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "picocli..", "com.sun.net.httpserver..")
                .because("the core runs the same under the CLI, the workbench and the service")
                .check(classes);
    }

    @Test
    void frontEndsDoNotUseOneAnother() {
        noClasses()
                .that()
                .resideInAPackage("dev.nsw.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nsw.gui..")
                .because("every GUI action has a CLI twin calling the same core service, not the GUI")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.nsw.gui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nsw.cli..", "dev.nsw.serve..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.nsw.serve..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nsw.cli..", "dev.nsw.gui..")
                .check(classes);
    }

    /**
     * {@code nsw serve} is a command, so the CLI starts the server, but only through the classes serve makes its
     * face: the server (its limits and access), the backend and the backend's spec; never its router, endpoints or
     * request parsing.
     */
    @Test
    void cliUsesOnlyServesFace() {
        noClasses()
                .that()
                .resideInAPackage("dev.nsw.cli..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.nsw.serve..")
                        .and(DescribedPredicate.not(HasName.Predicates.nameMatching(
                                "dev\\.nsw\\.serve\\.(SearchServer|SearchBackend|BackendSpec)(\\$.*)?"))))
                .because("docs/ARCHITECTURE.md: cli does not import serve's internals")
                .check(classes);
    }

    @Test
    void viewsDoNotCallCoreServices() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("View")
                .and()
                .resideInAPackage("dev.nsw.gui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nsw.lexical..",
                        "dev.nsw.eval..",
                        "dev.nsw.data..",
                        "dev.nsw.text..",
                        "dev.nsw.encoder..",
                        "dev.nsw.retrieval..",
                        "dev.nsw.index..",
                        "dev.nsw.io..",
                        "dev.nsw.workspace..",
                        "dev.nsw.train..",
                        "dev.nsw.rank..",
                        "dev.nsw.engine..",
                        "dev.nsw.bench..",
                        "dev.nsw.job..")
                .because("a panel's view model calls the core; the view only binds to it")
                .check(classes);
    }

    /**
     * The OpenSearch server is an optional part (provided scope, not in the app's class path or installer): only
     * the node main imports it, and only child JVMs started by {@code nsw engine start} load it.
     */
    @Test
    void onlyTheEngineNodeImportsTheOpenSearchServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.nsw.engine.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.opensearch..")
                .because("the engine's jars are not on the app's class path (docs/ARCHITECTURE.md)")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.nsw.engine.server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nsw.engine.server..")
                .because("the node main runs only in a child JVM, named by a string")
                .check(classes);
    }

    /**
     * Spark is an optional part like the engine (provided scope): only the job package imports it (and Scala, its
     * language), and nothing imports the job: it runs in the driver JVM {@code spark.SparkEmbedding} starts by name,
     * under {@code spark-submit}, and in executors.
     */
    @Test
    void onlyTheSparkJobImportsSpark() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.nsw.spark.job..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..")
                .because("Spark's jars are not on the app's class path (docs/ARCHITECTURE.md)")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.nsw.spark.job..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nsw.spark.job..")
                .because("the driver main runs only in its own JVM (or spark-submit), named by a string")
                .check(classes);
    }

    @Test
    void onlyTheExecutorTouchesJavaFxTask() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.nsw.gui.task.FxTaskExecutor")
                .and()
                .doNotHaveFullyQualifiedName("dev.nsw.gui.task.FxTaskExecutor$1")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("javafx.concurrent.Task")
                .check(classes);
    }

    @Test
    void onlyTwoClassesCallPyTorchSpecificJni() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.nsw.encoder.NoGrad")
                .and()
                .doNotHaveFullyQualifiedName("dev.nsw.encoder.TorchRuntime")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch.jni..")
                .because("engine-specific calls stay in NoGrad and TorchRuntime (docs/ARCHITECTURE.md)")
                .check(classes);
    }

    /**
     * DJL's scalar overloads ({@code x.mul(0.5f)}, {@code x.maximum(1e-12f)}, …) wrap the number in a tensor
     * over a Java direct buffer and close it right after the operation. Autograd keeps that tensor for the
     * backward pass, and once the garbage collector frees the buffer the gradients read freed memory: NaN
     * or infinite gradient norms whenever a collection falls between forward and backward (a GUI, a second
     * thread, a busy JVM). Scalars come from {@code dev.nsw.encoder.Scalars}, whose tensors own their memory.
     */
    @Test
    void noTensorOperationTakesAJavaNumber() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .should(
                        new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass>(
                                "not call an NDArray method that takes a java.lang.Number") {
                            @Override
                            public void check(
                                    com.tngtech.archunit.core.domain.JavaClass item,
                                    com.tngtech.archunit.lang.ConditionEvents events) {
                                for (var call : item.getMethodCallsFromSelf()) {
                                    var target = call.getTarget();
                                    boolean ndArray = target.getOwner().isAssignableTo("ai.djl.ndarray.NDArray");
                                    boolean takesNumber = target.getRawParameterTypes().stream()
                                            .anyMatch(t -> t.getName().equals("java.lang.Number"));
                                    if (ndArray && takesNumber) {
                                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                                call, call.getDescription()));
                                    }
                                }
                            }
                        })
                .because("a scalar DJL wraps and closes itself is freed under autograd's feet (see Scalars)")
                .check(classes);
    }
}
