package dev.nsw.cli;

import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The optimizer and bookkeeping options every training command shares (dual tower and reranker), with the
 * recipe's flag names. Stage-specific defaults (learning rate, batch, margin) stay with each command.
 */
public final class OptimizationOptions {
    @Option(names = "--warmup_proportion", defaultValue = "0.0", description = "Share of steps for linear warm-up.")
    double warmup;

    @Option(names = "--weight_decay", defaultValue = "0.0", description = "AdamW weight decay.")
    float weightDecay;

    @Option(names = "--max_grad_norm", defaultValue = "5.0", description = "Global gradient-norm clip, 0 = off.")
    double maxGradNorm;

    @Option(names = "--seed", defaultValue = "1000", description = "Shuffling, dropout, masking and sampling seed.")
    long seed;

    @Option(
            names = "--save_steps",
            defaultValue = "0",
            description =
                    "Checkpoint every N steps as well as at epoch ends, and keep that step's model as <save_dir>/model_<step>/ (the recipe's layout).")
    int saveSteps;

    @Option(names = "--max_steps", defaultValue = "0", description = "Stop after N steps in all (0 = no limit).")
    long maxSteps;

    @Option(
            names = "--train_limit",
            defaultValue = "0",
            description = "Use only the first N training examples (0 = all).")
    int trainLimit;

    @Option(names = "--resume", description = "Continue from the checkpoint in --save_dir.")
    boolean resume;

    @Option(
            names = "--overwrite",
            description =
                    "Replace the run already in --save_dir (without it, a finished or interrupted run there is refused).")
    boolean overwrite;

    @Option(names = "--lenient", description = "Skip and count bad lines of the training file.")
    boolean lenient;

    /** Clears the run in {@code runDir} when {@code --overwrite} asks for it (only a folder nsw made as a run). */
    void clearRunIfAsked(Path runDir) {
        if (overwrite && !resume) {
            Trainer.discardRun(runDir);
        }
    }

    /** {@code config} with these options applied (may throw IllegalArgumentException for a bad value). */
    TrainingConfig apply(TrainingConfig config) {
        return config.withWarmupProportion(warmup)
                .withWeightDecay(weightDecay)
                .withMaxGradNorm(maxGradNorm)
                .withSeed(seed)
                .withSaveSteps(saveSteps)
                .withMaxSteps(maxSteps);
    }
}
