package dev.nsw.cli;

import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.Encoder;
import dev.nsw.eval.MetricsReport;
import dev.nsw.job.CancellationToken;
import dev.nsw.recall.DenseRecall;
import dev.nsw.train.ContrastiveObjective;
import dev.nsw.train.Trainer;
import dev.nsw.train.RunRecord;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import dev.nsw.train.TrainingPair;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options and the run shared by the contrastive stages (in-batch, SimCSE), with the recipe's flag names.
 * Defaults are filled in by the stage (margin/scale differ).
 */
public final class ContrastiveTrainOptions {
    @Spec(Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(names = "--save_dir", required = true, paramLabel = "DIR",
            description = "Output folder: checkpoint/, best/, final/ and run.json.")
    Path saveDir;

    @Option(names = "--margin", description = "Margin subtracted from the positive's cosine.")
    Float margin;

    @Option(names = "--scale", description = "Scale applied to the cosines before the softmax.")
    Float scale;

    @Option(names = "--batch_size", defaultValue = "64", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning_rate", defaultValue = "5e-5", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--epochs", defaultValue = "3", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup_proportion", defaultValue = "0.0", description = "Share of steps for linear warm-up (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--weight_decay", defaultValue = "0.0", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--max_grad_norm", defaultValue = "5.0", description = "Global gradient-norm clip, 0 = off (default: ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(names = "--seed", defaultValue = "1000", description = "Shuffling and dropout seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save_steps", defaultValue = "0", description = "Checkpoint every N steps as well as at epoch ends (default: ${DEFAULT-VALUE}).")
    int saveSteps;

    @Option(names = "--eval_steps", defaultValue = "0", description = "Evaluate every N steps as well as at epoch ends (default: ${DEFAULT-VALUE}).")
    int evalSteps;

    @Option(names = "--grad_cache_chunk", defaultValue = "0",
            description = "Gradient cache: embed the batch in chunks of N texts so large batches fit (0 = off).")
    int gradCacheChunk;

    @Option(names = "--max_steps", defaultValue = "0", description = "Stop after N steps in all (0 = no limit).")
    long maxSteps;

    @Option(names = "--train_limit", defaultValue = "0", description = "Use only the first N training examples (0 = all).")
    int trainLimit;

    @Option(names = "--resume", description = "Continue from the checkpoint in --save_dir.")
    boolean resume;

    @Option(names = {"--dev_pairs"}, paramLabel = "FILE", description = "Pairs to evaluate on after each epoch (with --corpus).")
    Path devPairs;

    @Option(names = "--corpus", paramLabel = "FILE", description = "Corpus the dev queries are answered from.")
    Path corpus;

    @Option(names = "--dev_beir", paramLabel = "DIR", description = "Evaluate on a BEIR folder's test split instead.")
    Path devBeir;

    TrainingConfig config(TrainingConfig defaults) {
        try {
            return defaults.withMarginScale(margin == null ? defaults.margin() : margin, scale == null ? defaults.scale() : scale)
                    .withBatchSize(batchSize).withLearningRate(learningRate).withEpochs(epochs).withWarmupProportion(warmup)
                    .withWeightDecay(weightDecay).withMaxGradNorm(maxGradNorm).withSeed(seed).withSaveSteps(saveSteps)
                    .withEvalSteps(evalSteps).withGradientCacheChunk(gradCacheChunk).withMaxSteps(maxSteps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    RetrievalDataset devSet() {
        if (devBeir != null) {
            return dev.nsw.data.Beir.load(devBeir, "test", dev.nsw.data.ReadOptions.STRICT);
        }
        if (devPairs == null) {
            return null;
        }
        if (corpus == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dev_pairs needs --corpus");
        }
        return RetrievalDataset.readRecipe(devPairs, corpus, dev.nsw.data.ReadOptions.STRICT);
    }

    /** Runs one stage and prints its progress (stderr) and final metrics (stdout). */
    int run(String stage, TrainingConfig defaults, List<TrainingPair> pairs, Path trainFile) throws Exception {
        TrainingConfig config = config(defaults);
        if (trainLimit > 0 && pairs.size() > trainLimit) {
            pairs = pairs.subList(0, trainLimit);
        }
        RetrievalDataset dev = devSet();
        PrintWriter err = spec.commandLine().getErr();
        RunRecord record = new RunRecord().dataFile("train", trainFile).setting("model", model.model)
                .setting("max_seq_length", model.maxSeqLength).setting("output_emb_size", model.outputEmbSize)
                .setting("train_examples", pairs.size());
        if (devPairs != null) {
            record.dataFile("dev", devPairs).dataFile("corpus", corpus);
        }
        boolean resuming = resume && Trainer.hasCheckpoint(saveDir);
        if (resume && !resuming) {
            throw new IllegalStateException("--resume: no checkpoint in " + saveDir.resolve("checkpoint"));
        }
        try (Encoder encoder = resuming ? Encoder.load(Trainer.checkpointModel(saveDir), model.encoderOptions())
                : model.open()) {
            Trainer.Evaluator evaluator = dev == null ? null
                    : e -> DenseRecall.evaluate(e, dev, 50, ConsoleProgress.stderr(), CancellationToken.NEVER);
            if (evaluator != null && !resuming) {
                MetricsReport before = evaluator.evaluate(encoder);
                err.println("before training: " + String.join(" ", before.header()) + " = " + String.join(" ", before.row()));
            }
            Trainer<TrainingPair> trainer = new Trainer<>(new ContrastiveObjective(stage, encoder, config), config, saveDir,
                    new StepPrinter(err), CancellationToken.NEVER, evaluator, record);
            Trainer.Result result = trainer.train(pairs, resuming);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d steps in %.1f s, loss %.4f → %.4f; final model %s%n", stage, result.steps(),
                    result.seconds(), result.firstLoss(), result.lastLoss(), result.finalModel());
            if (result.bestMetrics() != null) {
                MetricsTable.print(out, List.of(new MetricsTable.Row(stage + " last", result.lastMetrics()),
                        new MetricsTable.Row(stage + " best (by R@5)", result.bestMetrics())));
            }
        }
        return 0;
    }

    /** Prints one line per step and each evaluation to stderr. */
    private record StepPrinter(PrintWriter err) implements TrainingListener {
        @Override
        public void onStep(StepEvent s) {
            err.printf(Locale.ROOT, "%s step %d/%d epoch %d loss %.4f lr %.3g grad-norm %.2f %.1f ex/s%n", s.stage(), s.step(),
                    s.totalSteps(), s.epoch(), s.loss(), s.learningRate(), s.gradNorm(), s.examplesPerSecond());
            err.flush();
        }

        @Override
        public void onEvaluation(long step, int epoch, MetricsReport m, boolean best) {
            err.println("eval after step " + step + " (epoch " + epoch + "): " + String.join(" ", m.header()) + " = "
                    + String.join(" ", m.row()) + (best ? "  (best so far)" : ""));
            err.flush();
        }
    }
}
