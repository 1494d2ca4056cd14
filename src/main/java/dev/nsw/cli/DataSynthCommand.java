package dev.nsw.cli;

import dev.nsw.bench.SyntheticCorpus;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.OwnedFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw data synth}: a synthetic corpus with queries and gold pairs in the recipe's layout. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a synthetic corpus of topical English or Chinese documents, with queries and gold pairs,"
                    + " in the recipe's layout: corpus.csv (one document a line) and test.csv (query <TAB> gold document).",
            "Seeded and reproducible; documents are generated one at a time, so any size fits in memory. What makes"
                    + " it realistic and what not: see dev.nsw.bench.SyntheticCorpus (and docs/SCALE.md)."
        })
public final class DataSynthCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--docs", required = true, paramLabel = "N", description = "Documents to generate.")
    int docs;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "en|zh", description = "Language.")
    String lang;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    @Mixin
    QueryCountOptions queries = new QueryCountOptions(1000);

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description =
                    "Folder to write (created; an existing one must be empty or an earlier nsw data synth output).")
    @Writes(folder = true)
    Path output;

    @Override
    public Integer call() {
        SyntheticCorpus.Language language = CliSupport.usage(spec, "", () -> SyntheticCorpus.Language.parse(lang));
        if (docs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--docs must be at least 1");
        }
        int queryCount = queries.count();
        OwnedFolder.claim(output, OwnedFolder.Kind.SYNTHETIC_DATA);
        SyntheticCorpus synth = new SyntheticCorpus(language, seed, docs);
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ConsoleProgress progress = ConsoleProgress.of(spec);
        AtomicFiles.writeText(output.resolve("corpus.csv"), w -> {
            for (int i = 0; i < docs; i++) {
                w.write(synth.document(i));
                w.write('\n');
                if ((i + 1) % 10_000 == 0 || i + 1 == docs) {
                    progress.progress(i + 1, docs, "generating documents");
                }
            }
        });
        List<SyntheticCorpus.GoldQuery> gold = synth.queries(docs, queryCount);
        AtomicFiles.writeText(output.resolve("test.csv"), w -> {
            for (SyntheticCorpus.GoldQuery q : gold) {
                w.write(q.query() + "\t" + synth.document(q.document()) + "\n");
            }
        });
        AtomicFiles.writeText(
                output.resolve("nsw-synth.json"),
                w -> w.write(String.format(
                        Locale.ROOT,
                        "{\"generator\": \"nsw-synth\", \"version\": 1, \"lang\": \"%s\", \"seed\": %d, \"docs\": %d, \"queries\": %d}%n",
                        language.name().toLowerCase(Locale.ROOT),
                        seed,
                        docs,
                        gold.size())));
        err.printf(
                Locale.ROOT,
                "%nwrote %,d documents and %,d queries to %s in %.1f s%n",
                docs,
                gold.size(),
                output,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
