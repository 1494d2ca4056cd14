package dev.nsw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code nsw rank}: the recipe's ranking stage — a cross-encoder trained on triples, AUC, negatives mining. */
@Command(
        name = "rank",
        mixinStandardHelpOptions = true,
        description =
                "Cross-encoder reranker: train on (query, positive, negative) triples, predict, evaluate by AUC, mine negatives.",
        subcommands = {
            RankTrainCommand.class,
            RankPredictCommand.class,
            RankEvaluateCommand.class,
            RankRerankCommand.class,
            RankMineCommand.class
        })
public final class RankCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
