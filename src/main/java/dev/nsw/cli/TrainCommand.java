package dev.nsw.cli;

import picocli.CommandLine.Command;

/** {@code nsw train}: the recipe's training stages. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the dual-tower encoder: in-batch negatives, SimCSE, MLM pre-training, or the chain of them.",
        subcommands = {TrainInBatchCommand.class, TrainSimcseCommand.class})
public final class TrainCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
