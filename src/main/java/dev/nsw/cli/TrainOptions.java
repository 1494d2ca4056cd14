package dev.nsw.cli;

import dev.nsw.data.Beir;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.job.CancellationToken;
import dev.nsw.retrieval.HardNegatives;
import dev.nsw.train.MlmMasking;
import dev.nsw.train.Strategy;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by every training command, with the recipe's flag names; builds {@link TrainingJob}s. */
public final class TrainOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    OptimizationOptions optimization;

    @Mixin
    RecipeTrainFlags recipe;

    @Option(
            names = "--init_from_ckpt",
            paramLabel = "DIR|FILE",
            description =
                    "Start from this model (the recipe's name; a folder or <folder>/model_state.pdparams); overrides --model.")
    String initFromCkpt;

    @Option(
            names = "--save_dir",
            required = true,
            paramLabel = "DIR",
            description = "Output folder: checkpoint/, best/, final/, run.json.")
    @Writes
    Path saveDir;

    @Option(names = "--margin", description = "Margin subtracted from the positive's cosine (in-batch 0.2, SimCSE 0).")
    Float margin;

    @Option(names = "--scale", description = "Scale of the cosines before the softmax (in-batch 30, SimCSE 20).")
    Float scale;

    @Option(names = "--batch_size", defaultValue = "64", description = "Examples per step.")
    int batchSize;

    @Option(names = "--learning_rate", defaultValue = "5e-5", description = "Peak learning rate.")
    double learningRate;

    @Option(names = "--epochs", description = "Passes over the data (in-batch 3, SimCSE 1, MLM 1).")
    Integer epochs;

    @Option(
            names = "--eval_steps",
            defaultValue = "0",
            description = "Evaluate every N steps as well as at epoch ends.")
    int evalSteps;

    @Option(
            names = "--grad_cache_chunk",
            defaultValue = "0",
            description =
                    "Gradient cache: embed the batch in chunks of N texts so that large batches fit in memory (0 = off).")
    int gradCacheChunk;

    @Option(
            names = "--mask_probability",
            defaultValue = "" + MlmMasking.RECIPE_PROBABILITY,
            description = "MLM masking rate.")
    double maskProbability;

    /** {@code --hard_negatives none}: no mining (the other choices are the core's {@link HardNegatives.Source}). */
    static final String NO_HARD_NEGATIVES = "none";

    @Option(
            names = "--hard_negatives",
            defaultValue = NO_HARD_NEGATIVES,
            paramLabel = "none|bm25|dense",
            completionCandidates = EnumChoices.HardNegativeSource.class,
            converter = SourceOrNone.class,
            description = "In-batch: mine extra negative columns with bm25 or dense (the starting model), or none.")
    HardNegatives.Source hardNegatives;

    /** Reads {@code none} as no source, and the source's name in any case. */
    static final class SourceOrNone implements CommandLine.ITypeConverter<HardNegatives.Source> {
        @Override
        public HardNegatives.Source convert(String value) {
            if (NO_HARD_NEGATIVES.equalsIgnoreCase(value)) {
                return null;
            }
            try {
                return HardNegatives.Source.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // worded as picocli words its own enum errors
                throw new CommandLine.TypeConversionException(
                        "expected one of [NONE, BM25, DENSE] (case-insensitive) but was '" + value + "'");
            }
        }
    }

    @Option(names = "--hard_negatives_per_query", defaultValue = "1", description = "Mined negatives per pair.")
    int hardNegativesPerQuery;

    @Option(
            names = "--hard_negatives_pool",
            paramLabel = "FILE",
            description = "Texts to mine from, one a line (default: the training file's own positives).")
    Path hardNegativesPool;

    @Option(
            names = "--dev_pairs",
            paramLabel = "FILE",
            description = "Pairs scored before training and after each epoch (needs --corpus).")
    Path devPairs;

    /** The recipe's training script names its dev pairs --similar_text_pair_file. */
    @Option(
            names = {"--similar_text_pair_file", "--similar_text_pair"},
            hidden = true,
            paramLabel = "FILE")
    void recipeDevPairs(Path file) {
        devPairs = file;
    }

    @Option(names = "--corpus", paramLabel = "FILE", description = "Corpus the dev queries are answered from.")
    Path corpus;

    @Option(names = "--corpus_file", hidden = true, paramLabel = "FILE")
    void recipeCorpus(Path file) {
        corpus = file;
    }

    @Option(names = "--dev_beir", paramLabel = "DIR", description = "Score on a BEIR folder's test split instead.")
    Path devBeir;

    TrainingConfig config(Strategy strategy) {
        TrainingConfig d = strategy.defaults();
        return CliSupport.usage(
                spec,
                "",
                () -> optimization.apply(
                        d.withMarginScale(margin == null ? d.margin() : margin, scale == null ? d.scale() : scale)
                                .withBatchSize(batchSize)
                                .withLearningRate(learningRate)
                                .withEpochs(epochs == null ? d.epochs() : epochs)
                                .withEvalSteps(evalSteps)
                                .withGradientCacheChunk(
                                        gradCacheChunk > 0 ? gradCacheChunk : recipe.gradientCacheChunk(batchSize))));
    }

    RetrievalDataset devSet() {
        if (devBeir != null) {
            return Beir.load(devBeir, "test", ReadOptions.STRICT);
        }
        if (devPairs == null) {
            return null;
        }
        if (corpus == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dev_pairs needs --corpus");
        }
        return RetrievalDataset.readRecipe(devPairs, corpus, ReadOptions.STRICT);
    }

    TrainingJob job(Strategy strategy, Path trainFile, Path outputDir, RetrievalDataset dev) {
        optimization.clearRunIfAsked(outputDir);
        TrainingJob job = TrainingJob.builder(
                        strategy, initFromCkpt != null ? initFromCkpt : model.model, trainFile, outputDir)
                .encoderOptions(model.encoderOptions())
                .config(config(strategy))
                .dev(dev)
                .resume(optimization.resume)
                .trainLimit(optimization.trainLimit)
                .maskProbability(maskProbability)
                .readOptions(ReadOptions.of(optimization.lenient))
                .build();
        if (strategy != Strategy.INBATCH || hardNegatives == null) {
            return job;
        }
        HardNegatives.Source source = hardNegatives;
        return CliSupport.usage(
                spec,
                "",
                () -> job.withHardNegatives(
                        new TrainingJob.HardNegativeSpec(source, hardNegativesPerQuery, hardNegativesPool, 20)));
    }

    /** Runs jobs one after the other, each starting from the previous one's final model; prints a summary. */
    int run(List<TrainingJob> jobs) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        List<MetricsTable.Row> rows = new ArrayList<>();
        String previous = null;
        for (TrainingJob job : jobs) {
            TrainingJob stage = previous == null ? job : job.startingFrom(previous);
            err.println("== " + stage.strategy().cliName() + " from " + stage.baseModel() + " → " + stage.outputDir());
            TrainingJob.Outcome outcome =
                    stage.run(StepLines.full(err), ConsoleProgress.of(spec), CancellationToken.NEVER);
            Trainer.Result r = outcome.result();
            out.printf(
                    Locale.ROOT,
                    "%s: %d steps in %.1f s, loss %.4f → %.4f; final model %s%n",
                    stage.strategy().cliName(),
                    r.steps(),
                    r.seconds(),
                    r.firstLoss(),
                    r.lastLoss(),
                    r.finalModel());
            if (outcome.before() != null && rows.isEmpty()) {
                rows.add(new MetricsTable.Row("before (" + job.baseModel() + ")", outcome.before()));
            }
            if (r.lastMetrics() != null) {
                rows.add(new MetricsTable.Row(stage.strategy().cliName() + " last epoch", r.lastMetrics()));
                rows.add(new MetricsTable.Row(stage.strategy().cliName() + " best by R@5", r.bestMetrics()));
            }
            previous = r.finalModel().toString();
        }
        if (!rows.isEmpty()) {
            MetricsTable.print(out, rows);
        }
        return 0;
    }
}
