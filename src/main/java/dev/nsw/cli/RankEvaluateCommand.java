package dev.nsw.cli;

import dev.nsw.encoder.Encoder;
import dev.nsw.eval.Auc;
import dev.nsw.job.CancellationToken;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.retrieval.DenseRecall;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "AUC on labelled pairs (query \\t title \\t 0/1) of the cross-encoder's probability and, as the baseline,",
            "of the dense model's cosine between query and title (--model, default bge-small-zh-v1.5)."
        })
final class RankEvaluateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    RerankerOptions reranker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input inputFile;

    /** {@code --input}, required; a group so that the recipe's hidden {@code --test_file} satisfies it too. */
    static final class Input {
        @Option(names = "--input", paramLabel = "FILE", description = "Labelled pairs.")
        Path path;

        @Option(names = "--test_file", hidden = true, paramLabel = "FILE")
        void recipeInput(Path file) {
            path = file;
        }
    }

    @Option(names = "--no_baseline", description = "Skip the dense cosine baseline.")
    boolean noBaseline;

    @Override
    public Integer call() throws Exception {
        Path input = inputFile.path;
        RankPairs pairs = RankPairs.labelled(input);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String[]> rows = new ArrayList<>();
        if (!noBaseline) {
            long t0 = System.nanoTime();
            try (Encoder encoder = model.open()) {
                float[] cos = DenseRecall.pairCosines(
                        encoder, pairs.queries(), pairs.titles(), ConsoleProgress.of(spec), CancellationToken.NEVER);
                rows.add(new String[] {
                    "dense cosine (" + model.label() + ")",
                    String.format(Locale.ROOT, "%.4f", Auc.of(cos, pairs.labels())),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9)
                });
            }
        }
        if (reranker.given()) {
            long t0 = System.nanoTime();
            try (CrossEncoder ce = reranker.open(model.threads)) {
                float[] p =
                        ce.score(pairs.queries(), pairs.titles(), ConsoleProgress.of(spec), CancellationToken.NEVER);
                rows.add(new String[] {
                    "cross-encoder (" + reranker.reranker + ")",
                    String.format(Locale.ROOT, "%.4f", Auc.of(p, pairs.labels())),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9)
                });
            }
        } else if (noBaseline) {
            throw new ParameterException(
                    spec.commandLine(), "nothing to evaluate: give --reranker DIR (or drop --no_baseline)");
        }
        long positives =
                java.util.Arrays.stream(pairs.labels()).filter(l -> l == 1).count();
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(5);
        out.printf(Locale.ROOT, "%-" + width + "s  %7s  %8s%n", "model", "AUC", "seconds");
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "%-" + width + "s  %7s  %8s%n", r[0], r[1], r[2]);
        }
        out.printf(
                Locale.ROOT,
                "(%s: %,d pairs, %,d relevant; AUC by ranks, ties count 1/2)%n",
                input,
                pairs.labels().length,
                positives);
        out.flush();
        err.flush();
        return 0;
    }
}
