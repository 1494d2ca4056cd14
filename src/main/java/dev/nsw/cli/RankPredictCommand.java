package dev.nsw.cli;

import dev.nsw.eval.Auc;
import dev.nsw.job.CancellationToken;
import dev.nsw.rank.CrossEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Print the reranker's relevance probability of each pair (query \\t title[\\t label]), one per line on",
            "stdout (the recipe's pred_prob). When every line carries a 0/1 label, the AUC is printed to stderr."
        })
final class RankPredictCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RerankerOptions reranker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input inputFile;

    /** {@code --input}, required; a group so that the recipe's hidden {@code --test_file} satisfies it too. */
    static final class Input {
        @Option(names = "--input", paramLabel = "FILE", description = "Pairs, tab-separated.")
        Path path;

        @Option(names = "--test_file", hidden = true, paramLabel = "FILE")
        void recipeInput(Path file) {
            path = file;
        }
    }

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads; 0 = all cores.")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path input = inputFile.path;
        RankPairs pairs = RankPairs.read(input);
        PrintWriter out = spec.commandLine().getOut();
        try (CrossEncoder ce = reranker.open(threads)) {
            float[] p = ce.score(pairs.queries(), pairs.titles(), ConsoleProgress.of(spec), CancellationToken.NEVER);
            for (float v : p) {
                out.println(v);
            }
            out.flush();
            if (pairs.labelled()) {
                spec.commandLine()
                        .getErr()
                        .printf(Locale.ROOT, "AUC %.4f over %,d labelled pairs%n", Auc.of(p, pairs.labels()), p.length);
            }
        }
        return 0;
    }
}
