package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's grammar (README, "Command-line grammar"): one spelling per idea across all commands, a name
 * never meaning two things, snake_case long options, old and recipe spellings as hidden aliases that still work,
 * one case convention for enum choices, defaults shown by picocli; and choices checked as usage errors (exit 2).
 */
class OptionSpellingTest {
    @TempDir
    Path dir;

    /** One idea of the command line: its one visible spelling, the other spellings it answers to, its mixin. */
    private record Idea(String idea, String canonical, Set<String> otherSpellings, Class<?> mixin) {}

    /**
     * The ideas that had several spellings, or one spelling with several meanings (issue 24). An option carrying any
     * of an idea's spellings must be that idea's option: spelled canonically, and declared by its mixin if it has one.
     */
    private static final List<Idea> GRAMMAR = List.of(
            new Idea(
                    "cut-off",
                    "--top_k",
                    Set.of("-k", "--k", "--top-n", "--top_n", "--recall_num"),
                    CutoffOptions.class),
            new Idea("HNSW M", "--hnsw_m", Set.of("--M", "--m"), HnswOptions.class),
            new Idea(
                    "HNSW build beam",
                    "--hnsw_ef_construction",
                    Set.of("--ef_construction", "--ef-construction", "--efc"),
                    HnswOptions.class),
            new Idea(
                    "HNSW search beam",
                    "--hnsw_ef",
                    Set.of("--ef", "--ef-search", "--ef_search"),
                    SearchBeamOptions.class),
            new Idea("query count", "--query_count", Set.of("--query-count", "--num_queries"), QueryCountOptions.class),
            new Idea("query file", "--queries", Set.of("--queries_file", "--query_file"), null),
            new Idea("TREC run", "--trec_run", Set.of("--trec-run"), null),
            new Idea("model", "--model", Set.of("--params_path", "--model_name_or_path"), null),
            new Idea("corpus file", "--corpus", Set.of("--corpus_file"), null),
            new Idea("input file", "--input", Set.of("--text_pair_file", "--test_file"), null),
            new Idea("main output", "--output", Set.of("-o", "--out", "--output_path"), null),
            new Idea("ANN check", "--ann_check", Set.of("--ann-check"), null),
            new Idea("identical ids", "--keep_identical_ids", Set.of("--keep-identical-ids"), ScoringOptions.class),
            new Idea("map points", "--max_points", Set.of("--max-points"), null));

    /**
     * Every hidden option is an old or recipe spelling of a visible option of the same command and class; the
     * visible names it may stand for. Aliases of a GRAMMAR idea are listed there.
     */
    private static final Map<String, Set<String>> OTHER_ALIASES = Map.ofEntries(
            Map.entry("--pairs", Set.of("--similar_text_pair")),
            Map.entry("--similar_text_pair_file", Set.of("--similar_text_pair", "--dev_pairs")),
            Map.entry("--similar_text_pair", Set.of("--dev_pairs")),
            Map.entry("--recall_result_file", Set.of("--output")),
            Map.entry("--ef-sweep", Set.of("--ef_sweep")),
            Map.entry("--compare-distance", Set.of("--compare_distance")),
            Map.entry("--compare-repeats", Set.of("--compare_repeats")),
            Map.entry("--exact-queries", Set.of("--exact_queries")));

    /**
     * The recipe's flags that mean nothing here, accepted and noted on stderr under the recipe's names and types
     * (RecipeFlagsTest): outside the grammar by design.
     */
    private static final Set<Class<?>> RECIPE_NOTES = Set.of(RecipeFlags.class, RecipeTrainFlags.class);

    /** One option as declared in one command. */
    private record Declared(String command, OptionSpec option, Class<?> declaredBy) {
        String canonical() {
            return option.names().length == 0
                    ? ""
                    : longNames(option).stream().findFirst().orElse(option.names()[0]);
        }
    }

    private static List<String> longNames(OptionSpec o) {
        return java.util.Arrays.stream(o.names())
                .filter(n -> n.startsWith("--"))
                .toList();
    }

    /** Every option of every command, help and version options left out. */
    private static List<Declared> allOptions() {
        List<Declared> all = new ArrayList<>();
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(NswCommand.commandLine());
        while (!todo.isEmpty()) {
            CommandLine c = todo.poll();
            todo.addAll(c.getSubcommands().values());
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                Class<?> by = o.userObject() instanceof Member m ? m.getDeclaringClass() : Object.class;
                all.add(new Declared(c.getCommandSpec().qualifiedName(), o, by));
            }
        }
        return all;
    }

    /** What a name stands for, as far as a machine can tell: the value's type (element type of lists), flag or not. */
    private static String kind(OptionSpec o) {
        Class<?> t = o.typeInfo().isMultiValue() ? o.typeInfo().getAuxiliaryTypes()[0] : o.type();
        if (t.isPrimitive()) {
            t = java.lang.invoke.MethodType.methodType(t).wrap().returnType();
        }
        return (t.isEnum() ? "enum " : t.getName()) + (o.arity().max() == 0 ? " flag" : " value");
    }

    @Test
    void anOptionIsSpelledTheSameWayInEveryCommand() {
        // "--ef-construction" and "--ef_construction" normalise to the same key; each key must have one spelling.
        // Hidden options are the old spellings kept as aliases (checked by the grammar tests below).
        Map<String, Set<String>> spellings = new TreeMap<>();
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(NswCommand.commandLine());
        while (!todo.isEmpty()) {
            CommandLine c = todo.poll();
            todo.addAll(c.getSubcommands().values());
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    String key = name.replaceFirst("^-+", "").replace('-', '_').toLowerCase(Locale.ROOT);
                    spellings.computeIfAbsent(key, k -> new TreeSet<>()).add(name);
                }
            }
        }
        // -h/--help style pairs differ in dashes only by design (short vs long); compare long names only.
        spellings.values().forEach(s -> s.removeIf(n -> !n.startsWith("--")));
        assertThat(spellings)
                .allSatisfy((key, names) -> assertThat(names).as(key).hasSizeLessThanOrEqualTo(1));
        assertThat(spellings.get("hnsw_ef_construction")).containsExactly("--hnsw_ef_construction");
    }

    @Test
    void everyVisibleLongOptionIsSnakeCase() {
        // the recipe's scripts spell options in snake_case (--similar_text_pair, --recall_num), so nsw does too
        Set<String> notSnake = allOptions().stream()
                .filter(d -> !d.option().hidden())
                .flatMap(d -> longNames(d.option()).stream())
                .filter(n -> !n.substring(2).matches("[a-z0-9_]+"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(notSnake).isEmpty();
    }

    @Test
    void aVisibleOptionHasOneLongName() {
        // other spellings are hidden aliases: help shows one name (and perhaps a one-letter short form) per option
        assertThat(allOptions().stream()
                        .filter(d -> !d.option().hidden() && !RECIPE_NOTES.contains(d.declaredBy()))
                        .filter(d -> longNames(d.option()).size() != 1)
                        .map(d ->
                                d.command() + " " + String.join(",", d.option().names()))
                        .toList())
                .isEmpty();
    }

    @Test
    void eachIdeaIsSpelledOneWayAndDeclaredByItsMixin() {
        List<String> wrong = new ArrayList<>();
        List<Declared> all = allOptions();
        for (Declared d : all) {
            if (RECIPE_NOTES.contains(d.declaredBy())) {
                continue;
            }
            for (Idea idea : GRAMMAR) {
                Set<String> names = Set.of(d.option().names());
                boolean canonical = names.contains(idea.canonical());
                boolean other = idea.otherSpellings().stream().anyMatch(names::contains);
                if (!canonical && !other) {
                    continue;
                }
                String where = d.command() + " " + String.join(",", names) + " (" + idea.idea() + ")";
                if (idea.mixin() != null && d.declaredBy() != idea.mixin()) {
                    wrong.add(where + " is declared by " + d.declaredBy().getSimpleName() + ", not its mixin "
                            + idea.mixin().getSimpleName());
                }
                if (d.option().hidden()) {
                    // an alias: the canonical option is in the same command, declared beside it
                    boolean beside = all.stream()
                            .anyMatch(v -> v.command().equals(d.command())
                                    && !v.option().hidden()
                                    && v.declaredBy() == d.declaredBy()
                                    && List.of(v.option().names()).contains(idea.canonical()));
                    if (!beside || canonical) {
                        wrong.add(where + " is hidden but not an alias beside " + idea.canonical());
                    }
                } else if (!d.canonical().equals(idea.canonical())) {
                    wrong.add(where + " is shown as " + d.canonical() + ", not " + idea.canonical());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyHiddenOptionIsAnAliasOfAVisibleOneBesideIt() {
        Map<String, Set<String>> aliases = new TreeMap<>(OTHER_ALIASES);
        for (Idea idea : GRAMMAR) {
            idea.otherSpellings().forEach(n -> aliases.computeIfAbsent(n, k -> new TreeSet<>()));
            idea.otherSpellings().forEach(n -> {
                Set<String> to = new TreeSet<>(aliases.get(n));
                to.add(idea.canonical());
                aliases.put(n, to);
            });
        }
        List<Declared> all = allOptions();
        List<String> wrong = new ArrayList<>();
        for (Declared d : all.stream().filter(d -> d.option().hidden()).toList()) {
            for (String name : d.option().names()) {
                Set<String> canonicals = aliases.getOrDefault(name, Set.of());
                boolean found = all.stream()
                        .anyMatch(v -> v.command().equals(d.command())
                                && !v.option().hidden()
                                && v.declaredBy() == d.declaredBy()
                                && kind(v.option()).equals(kind(d.option()))
                                && canonicals.stream()
                                        .anyMatch(
                                                c -> List.of(v.option().names()).contains(c)));
                if (!found) {
                    wrong.add(d.command() + " " + name + " (hidden) stands for none of " + canonicals);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aNameMeansOneThingInEveryCommand() {
        Map<String, Map<String, Set<String>>> kinds = new TreeMap<>();
        for (Declared d : allOptions()) {
            if (RECIPE_NOTES.contains(d.declaredBy())) {
                continue;
            }
            for (String name : longNames(d.option())) {
                kinds.computeIfAbsent(name, k -> new TreeMap<>())
                        .computeIfAbsent(kind(d.option()), k -> new TreeSet<>())
                        .add(d.command());
            }
        }
        // --kind is what kind of thing the command makes or reads: an index (hnsw|exact) or a data file (data check);
        // both spellings are asserted by badChoicesAreUsageErrors below
        kinds.remove("--kind");
        assertThat(kinds)
                .allSatisfy((name, byKind) -> assertThat(byKind).as(name).hasSize(1));
        // the example of issue 24: --queries is a file of queries everywhere, a count is --query_count
        assertThat(kinds.get("--queries")).containsOnlyKeys("java.nio.file.Path value");
        assertThat(kinds.get("--query_count")).containsOnlyKeys("java.lang.Integer value");
    }

    @Test
    void enumChoicesAreTypedInAnyCaseAndShownInLowerCase() {
        List<String> wrong = new ArrayList<>();
        for (Declared d : allOptions()) {
            OptionSpec o = d.option();
            Class<?> t = o.typeInfo().isMultiValue() ? o.typeInfo().getAuxiliaryTypes()[0] : o.type();
            if (!t.isEnum() || RECIPE_NOTES.contains(d.declaredBy())) {
                continue;
            }
            String where = d.command() + " " + o.longestName();
            @SuppressWarnings("unchecked")
            List<String> lower =
                    EnumChoices.lowerCase((Class<? extends Enum<?>>) t).toList();
            List<String> shown = o.completionCandidates() == null
                    ? List.of()
                    : StreamSupport.stream(o.completionCandidates().spliterator(), false)
                            .toList();
            if (!shown.containsAll(lower) || shown.stream().anyMatch(c -> !c.equals(c.toLowerCase(Locale.ROOT)))) {
                wrong.add(where + " completes " + shown + ", not " + lower);
            }
            if (!o.typeInfo().isMultiValue() && !o.paramLabel().equals(String.join("|", shown))) {
                wrong.add(where + " shows " + o.paramLabel() + ", not " + String.join("|", shown));
            }
            if (o.defaultValue() != null
                    && !o.defaultValue().equals(o.defaultValue().toLowerCase(Locale.ROOT))) {
                wrong.add(where + " defaults to " + o.defaultValue());
            }
        }
        assertThat(wrong).isEmpty();
        // --hard_negatives takes the core's enum (and none), not a command-line copy of it
        OptionSpec hard = NswCommand.commandLine()
                .getSubcommands()
                .get("train")
                .getSubcommands()
                .get("inbatch")
                .getCommandSpec()
                .findOption("--hard_negatives");
        assertThat(hard.type()).isEqualTo(dev.nsw.retrieval.HardNegatives.Source.class);
        assertThat(CliRun.of("train", "inbatch", "--hard_negatives", "Bm26").err())
                .contains("Invalid value for option '--hard_negatives'")
                .contains("NONE, BM25, DENSE");
    }

    @Test
    void helpShowsEachDefaultOnceFromTheOptionItself() {
        List<String> wrong = new ArrayList<>();
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(NswCommand.commandLine());
        while (!todo.isEmpty()) {
            CommandLine c = todo.poll();
            todo.addAll(c.getSubcommands().values());
            if (!c.getCommandSpec().usageMessage().showDefaultValues()) {
                wrong.add(c.getCommandSpec().qualifiedName() + " does not show default values");
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                String text = String.join(" ", o.description());
                if (text.contains("DEFAULT-VALUE") || text.contains("(default)")) {
                    wrong.add(c.getCommandSpec().qualifiedName() + " " + o.longestName() + ": " + text);
                }
            }
            String usage = c.getUsageMessage();
            if (usage.contains("Default: null") || usage.contains("Default: [I@")) {
                wrong.add(c.getCommandSpec().qualifiedName() + " prints an empty default");
            }
        }
        assertThat(wrong).isEmpty();
        String index = CliRun.of("index", "--help").out();
        assertThat(index).contains("--hnsw_m=M").contains("Default: 100").doesNotContain("--M");
        assertThat(CliRun.of("bench", "search", "--help").out()).contains("Default: 16"); // its M (README figures)
    }

    /** Parses into {@code command} as {@code nsw} would (enum choices in any case). */
    private static void parse(Object command, String... args) {
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    }

    @Test
    void theOldAndTheRecipesSpellingsStillWork() {
        IndexCommand index = new IndexCommand();
        parse(index, "--corpus", "c.csv", "-o", "i", "--M", "8", "--ef_construction", "20", "--ef", "3");
        assertThat(List.of(index.hnsw.m, index.hnsw.efConstruction, index.beam.ef))
                .containsExactly(8, 20, 3);
        RecallCommand recall = new RecallCommand();
        parse(
                recall,
                "--params_path",
                "m",
                "--pairs",
                "p.csv",
                "--corpus_file",
                "c.csv",
                "--recall_num",
                "7",
                "--recall_result_file",
                "r.txt",
                "--trec-run",
                "r.trec",
                "--ef-search",
                "40",
                "--ann-check",
                "--keep-identical-ids");
        assertThat(recall.model.model).isEqualTo("m");
        assertThat(recall.set.pairs).isEqualTo(Path.of("p.csv"));
        assertThat(recall.set.corpus).isEqualTo(Path.of("c.csv"));
        assertThat(recall.outputs.cutoff.k).isEqualTo(7);
        assertThat(recall.outputs.output).isEqualTo(Path.of("r.txt"));
        assertThat(recall.outputs.trecRun).isEqualTo(Path.of("r.trec"));
        assertThat(recall.beam.ef).isEqualTo(40);
        assertThat(recall.annCheck).isTrue();
        assertThat(recall.outputs.scoring.keepIdenticalIds).isTrue();
        Bm25Command bm25 = new Bm25Command();
        parse(bm25, "--top-n", "9");
        assertThat(bm25.outputs.cutoff.k).isEqualTo(9);
        EvaluateCommand evaluate = new EvaluateCommand();
        parse(evaluate, "--trec_run", "a.trec", "--trec-run", "b.trec");
        assertThat(evaluate.runs.trecRuns()).containsExactly(Path.of("a.trec"), Path.of("b.trec"));
        ExportCommand export = new ExportCommand();
        parse(export, "--output_path", "out");
        assertThat(export.outputFolder.path).isEqualTo(Path.of("out"));
        PredictCommand predict = new PredictCommand();
        parse(predict, "--text_pair_file", "t.tsv");
        assertThat(predict.inputFile.path).isEqualTo(Path.of("t.tsv"));
        BenchAnnCommand ann = new BenchAnnCommand();
        parse(
                ann,
                "--synthetic",
                "100",
                "--query-count",
                "5",
                "--ef-sweep",
                "10,20",
                "--compare-distance",
                "0",
                "--compare-repeats",
                "1",
                "--exact-queries",
                "7",
                "-k",
                "3");
        assertThat(ann.queryCount.queryCount).isEqualTo(5);
        assertThat(ann.efSweep).containsExactly(10, 20);
        assertThat(List.of(ann.compareN, ann.compareRepeats, ann.exactQueries, ann.cutoff.k))
                .containsExactly(0, 1, 7, 3);
        MapCommand map = new MapCommand();
        parse(map, "--out", "m", "--max-points", "200");
        assertThat(map.outputFolder.path).isEqualTo(Path.of("m"));
        assertThat(map.maxPoints).isEqualTo(200);
        // an alias given alone still satisfies its canonical option's "required"
        assertThat(CliRun.of("export", "--help").exit()).isZero();
    }

    @Test
    void anOutputGivenByAnOldSpellingIsStillNeverAnInput() throws Exception {
        Path pairs = Files.writeString(dir.resolve("test.csv"), "北京的天气\t北京今天晴\n");
        Path corpus = Files.writeString(dir.resolve("corpus.csv"), "北京今天晴\n上海小笼包\n");
        for (String alias : List.of("--trec-run", "--recall_result_file")) {
            CliRun r = CliRun.of(
                    "bm25", "--pairs", pairs.toString(), "--corpus_file", corpus.toString(), alias, corpus.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("is also an input");
        }
        assertThat(Files.readString(corpus)).isEqualTo("北京今天晴\n上海小笼包\n");
    }

    @Test
    void theReadmeWritesTheGrammarDown() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## Command-line grammar");
        assertThat(at).as("README section").isNotNegative();
        String section = readme.substring(at, readme.indexOf("\n## ", at + 1));
        for (Idea idea : GRAMMAR) {
            assertThat(section).as(idea.idea()).contains("`" + idea.canonical());
            idea.otherSpellings().stream()
                    .filter(n -> !n.equals("-k") && !n.equals("-o"))
                    .filter(n -> allOptions().stream()
                            .anyMatch(d -> List.of(d.option().names()).contains(n)))
                    .forEach(n ->
                            assertThat(section).as(idea.idea() + " alias " + n).contains("`" + n + "`"));
        }
    }

    /** A bare '%' in a description ("15% of") breaks picocli's formatting: it prints a WARN line and the raw text. */
    @Test
    void everyHelpTextFormatsWithoutWarnings() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(NswCommand.commandLine());
        int commands = 0;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            while (!todo.isEmpty()) {
                CommandLine c = todo.poll();
                todo.addAll(c.getSubcommands().values());
                assertThat(c.getUsageMessage()).isNotBlank();
                commands++;
            }
        } finally {
            System.setErr(original);
        }
        assertThat(commands).isGreaterThan(20);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @Test
    void badChoicesAreUsageErrors() {
        CliRun r = CliRun.of(
                "bm25",
                "--analyzer",
                "klingon",
                "--similar_text_pair",
                "nope.csv",
                "--corpus",
                "nope.csv",
                "--evaluate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--analyzer: unknown analyzer 'klingon'");
        r = CliRun.of("data", "check", "--kind", "bogus", "nope.csv");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--kind: ");
        r = CliRun.of(
                "index",
                "--kind",
                "fast",
                "--corpus",
                "c.csv",
                "--output",
                dir.resolve("i").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--kind'").contains("HNSW, EXACT");
        r = CliRun.of(
                "train",
                "pipeline",
                "--stages",
                "mlm,dapt",
                "--unsupervised_file",
                "u.csv",
                "--train_set_file",
                "t.csv",
                "--save_dir",
                dir.resolve("p").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--stages'").contains("'dapt'");
        r = CliRun.of(
                "evaluate", "--recall", "Macro", "--similar_text_pair", "nope.csv", "--recall_result_file", "nope.txt");
        assertThat(r.err()).doesNotContain("Invalid value for option '--recall'");
    }
}
