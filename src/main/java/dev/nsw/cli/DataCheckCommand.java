package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.data.DataFormatException;
import dev.nsw.data.DataStats;
import dev.nsw.data.FileKind;
import dev.nsw.data.ReadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nsw data check}: validates data files and prints what they hold. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate recipe files (pairs, corpus, unsupervised text, triples, labelled pairs) or BEIR folders",
            "and print their statistics. The kind is detected from the columns unless --kind is given.",
            "Exit code 1 when a file has errors (all files are still checked)."
        })
public final class DataCheckCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files or BEIR folders to check.")
    List<Path> files;

    @Option(names = "--kind", defaultValue = "auto", description = "auto, pairs, texts, triples, labeled or beir.")
    String kind;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description = "Also check that every gold text of pair files is in this corpus.")
    Path corpus;

    @Option(
            names = "--lenient",
            description = "Count and list bad lines instead of stopping at the first of each file.")
    boolean lenient;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReadOptions options = ReadOptions.of(lenient);
        Corpus corpusDocs = null;
        int failed = 0;
        if (corpus != null) {
            try {
                corpusDocs = Corpus.readRecipe(corpus, options);
            } catch (DataFormatException e) {
                err.println("nsw: error: " + e.getMessage());
                return 1;
            }
        }
        // a bad --kind is a usage error (exit 2), found before any file is read
        FileKind named =
                CliSupport.usage(spec, "--kind: ", () -> "auto".equals(kind) ? null : FileKind.fromCliName(kind));
        for (Path f : files) {
            try {
                FileKind k = named == null ? FileKind.detect(f) : named;
                DataStats stats = DataStats.of(f, k, options, corpusDocs);
                stats.print(out);
                if (!stats.problems().isEmpty()) {
                    failed++;
                }
            } catch (DataFormatException e) {
                err.println("nsw: error: " + e.getMessage());
                failed++;
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
