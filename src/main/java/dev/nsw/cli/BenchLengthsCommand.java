package dev.nsw.cli;

import dev.nsw.bench.LengthBench;
import dev.nsw.data.Corpus;
import dev.nsw.job.CancellationToken;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsw bench lengths}: documents per second at each max_seq_length, truncated and with MaxP passages. */
@Command(
        name = "lengths",
        mixinStandardHelpOptions = true,
        description = {
            "Documents per second of a dense model at each max_seq_length on an even sample of a corpus, reading",
            "documents truncated and (unless --no_maxp) cut into overlapping passages of that length (MaxP); the",
            "settings take turns round after round and the best round counts. The quality side is a recall run each."
        })
public final class BenchLengthsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one of them. */
    static final class Source {
        @Option(names = "--corpus", paramLabel = "FILE", description = "Recipe corpus file, one text a line.")
        java.nio.file.Path corpus;

        @Option(names = "--beir", paramLabel = "DIR", description = "BEIR folder (its corpus.jsonl).")
        java.nio.file.Path beir;
    }

    @Option(
            names = "--max_seq_lengths",
            split = ",",
            paramLabel = "N,N,...",
            description = "The max_seq_length values to time.")
    int[] lengths = {64, 128, 256, 512};

    @Option(names = "--sample", paramLabel = "N", description = "Documents of the corpus to time (evenly spaced).")
    int sample = 128;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds; the best of each setting is reported.")
    int rounds = 2;

    @Option(names = "--no_maxp", description = "Time truncated documents only.")
    boolean noMaxp;

    @Override
    public Integer call() throws Exception {
        if (sample < 1 || rounds < 1 || lengths.length == 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--sample and --rounds must be at least 1, --max_seq_lengths not empty");
        }
        Corpus docs = source.corpus != null
                ? Corpus.readRecipe(source.corpus, dev.nsw.data.ReadOptions.STRICT)
                : dev.nsw.data.Beir.readCorpus(source.beir.resolve("corpus.jsonl"), dev.nsw.data.ReadOptions.STRICT);
        List<String> texts = LengthBench.evenSample(CliSupport.texts(docs), sample);
        PrintWriter out = spec.commandLine().getOut();
        List<LengthBench.Row> rows = LengthBench.run(
                model.model,
                model.encoderOptions(),
                model.inferenceRuntime(),
                texts,
                lengths,
                !noMaxp,
                rounds,
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
        out.printf(
                Locale.ROOT,
                "%s, %d of %,d documents, best of %d rounds, %s%n",
                model.label(),
                texts.size(),
                docs.size(),
                rounds,
                "load average " + dev.nsw.bench.AnnBenchmark.loadAverage());
        out.printf(
                Locale.ROOT,
                "%-15s %-34s %8s %8s %9s %9s%n",
                "max_seq_length",
                "documents",
                "fit",
                "texts",
                "docs/s",
                "texts/s");
        for (LengthBench.Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-15d %-34s %7.0f%% %8d %9.2f %9.2f%n",
                    r.maxSeqLength(),
                    r.setting(),
                    100 * r.shareFit(),
                    r.texts(),
                    r.documentsPerSecond(),
                    r.textsPerSecond());
        }
        return 0;
    }
}
