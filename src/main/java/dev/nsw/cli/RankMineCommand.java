package dev.nsw.cli;

import dev.nsw.data.RankingTriple;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextPair;
import dev.nsw.retrieval.NegativeMining;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "mine",
        mixinStandardHelpOptions = true,
        description = {
            "Mine hard negatives per (query \\t positive) pair from BM25 or dense recall top-N or a first-stage run (never",
            "a gold text of the query or a duplicate of it) and write triples query \\t positive \\t negative, one a negative."
        })
final class RankMineCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    MiningOptions mining;

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "Positive pairs (query \\t title).")
    Path pairsFile;

    @Option(
            names = {"--output", "-o"},
            required = true,
            paramLabel = "FILE",
            description = "Triples file to write.")
    @Writes
    Path output;

    @Option(names = "--seed", defaultValue = "1000", description = "Sampling seed.")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N pairs (0 = all).")
    int limit;

    @Override
    public Integer call() throws Exception {
        List<TextPair> pairs =
                RecipeFiles.readPairs(pairsFile, ReadOptions.STRICT).records();
        if (limit > 0 && pairs.size() > limit) {
            pairs = pairs.subList(0, limit);
        }
        NegativeMining.Result r = mining.mine(spec, pairsFile, pairs, model, seed, ReadOptions.STRICT);
        dev.nsw.io.AtomicFiles.writeText(output, w -> {
            for (RankingTriple t : r.triples()) {
                w.write(t.query() + "\t" + t.positive() + "\t" + t.negative() + "\n");
            }
        });
        spec.commandLine().getOut().printf(Locale.ROOT, "%s; wrote %s%n", mining.summary(r), output);
        return 0;
    }
}
