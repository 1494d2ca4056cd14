package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One spelling per option across all commands, and choices checked by picocli as usage errors (exit 2). */
class OptionSpellingTest {
    @TempDir
    Path dir;

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
