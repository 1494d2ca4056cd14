package dev.nsw.train;

import dev.nsw.data.Corpus;
import dev.nsw.data.DataFile;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TextLine;
import dev.nsw.data.TextPair;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.Scoring;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.HardNegatives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training stage as the CLI and the GUI run it: open the base model (or the checkpoint when
 * resuming), read the training file, train with the stage's {@link Objective}, evaluate on the dev set.
 *
 * @param baseModel bundled model name or model folder to start from
 * @param trainFile pairs (in-batch) or one text a line (SimCSE, MLM)
 * @param dev evaluation set scored before training and after each epoch, or {@code null}
 * @param trainLimit use only the first N examples (0: all) — for quick runs on a 2-core machine
 * @param maskProbability MLM masking rate (0.15)
 * @param hardNegatives in-batch only: mine extra negative columns before training, or {@code null} for none
 */
public record TrainingJob(
        Strategy strategy,
        String baseModel,
        EncoderOptions encoderOptions,
        TrainingConfig config,
        Path trainFile,
        Path outputDir,
        RetrievalDataset dev,
        boolean resume,
        int trainLimit,
        double maskProbability,
        ReadOptions readOptions,
        HardNegativeSpec hardNegatives) {

    /**
     * How to mine hard negatives for in-batch training.
     *
     * @param pool texts to mine from; {@code null} mines among the training set's own positives
     * @param depth how far down each query's ranking to look
     */
    public record HardNegativeSpec(HardNegatives.Source source, int perQuery, Path pool, int depth) {
        public HardNegativeSpec {
            if (perQuery < 1 || depth < 1) {
                throw new IllegalArgumentException(
                        "hard negatives: per query and depth must be >= 1, got " + perQuery + ", " + depth);
            }
        }
    }

    /**
     * A builder for a job of {@code strategy} from {@code baseModel}, training on {@code trainFile} into
     * {@code outputDir}; the rest starts at: default encoder options, the strategy's recipe config, no dev set,
     * a fresh run, all examples, the recipe's MLM rate, strict reading, no hard negatives.
     */
    public static Builder builder(Strategy strategy, String baseModel, Path trainFile, Path outputDir) {
        return new Builder(strategy, baseModel, trainFile, outputDir);
    }

    /** A builder holding this job's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(strategy, baseModel, trainFile, outputDir)
                .encoderOptions(encoderOptions)
                .config(config)
                .dev(dev)
                .resume(resume)
                .trainLimit(trainLimit)
                .maskProbability(maskProbability)
                .readOptions(readOptions)
                .hardNegatives(hardNegatives);
    }

    /** Named settings for {@link TrainingJob}. */
    public static final class Builder {
        private final Strategy strategy;
        private String baseModel;
        private final Path trainFile;
        private final Path outputDir;
        private EncoderOptions encoderOptions = EncoderOptions.defaults();
        private TrainingConfig config;
        private RetrievalDataset dev;
        private boolean resume;
        private int trainLimit;
        private double maskProbability = MlmMasking.RECIPE_PROBABILITY;
        private ReadOptions readOptions = ReadOptions.STRICT;
        private HardNegativeSpec hardNegatives;

        private Builder(Strategy strategy, String baseModel, Path trainFile, Path outputDir) {
            this.strategy = strategy;
            this.baseModel = baseModel;
            this.trainFile = trainFile;
            this.outputDir = outputDir;
            this.config = strategy.defaults();
        }

        public Builder baseModel(String v) {
            baseModel = v;
            return this;
        }

        public Builder encoderOptions(EncoderOptions v) {
            encoderOptions = v;
            return this;
        }

        public Builder config(TrainingConfig v) {
            config = v;
            return this;
        }

        /** The evaluation set scored before training and after each epoch, or {@code null} for none. */
        public Builder dev(RetrievalDataset v) {
            dev = v;
            return this;
        }

        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        public Builder trainLimit(int v) {
            trainLimit = v;
            return this;
        }

        public Builder maskProbability(double v) {
            maskProbability = v;
            return this;
        }

        public Builder readOptions(ReadOptions v) {
            readOptions = v;
            return this;
        }

        public Builder hardNegatives(HardNegativeSpec v) {
            hardNegatives = v;
            return this;
        }

        public TrainingJob build() {
            return new TrainingJob(
                    strategy,
                    baseModel,
                    encoderOptions,
                    config,
                    trainFile,
                    outputDir,
                    dev,
                    resume,
                    trainLimit,
                    maskProbability,
                    readOptions,
                    hardNegatives);
        }
    }

    public TrainingJob withHardNegatives(HardNegativeSpec spec) {
        return toBuilder().hardNegatives(spec).build();
    }

    /** What a stage reached, with the dev metrics before training (null without a dev set or when resuming). */
    public record Outcome(Trainer.Result result, MetricsReport before) {}

    /** The same job warm-started from another model (the pipeline's previous stage). */
    public TrainingJob startingFrom(String model) {
        return toBuilder().baseModel(model).build();
    }

    /** The same job with another epoch count ({@code null} keeps this one's). */
    public TrainingJob withEpochs(Integer epochs) {
        return epochs == null
                ? this
                : toBuilder().config(config.withEpochs(epochs)).build();
    }

    public Outcome run(TrainingListener listener, ProgressListener evalProgress, CancellationToken cancel)
            throws IOException {
        boolean resuming = Trainer.resuming(outputDir, resume);
        RunRecord record = new RunRecord()
                .dataFile("train", trainFile)
                .setting("base_model", baseModel)
                .setting("max_seq_length", encoderOptions.maxSeqLength())
                .setting("output_emb_size", encoderOptions.outputEmbSize());
        if (dev != null) {
            record.setting("dev", dev.name());
        }
        try (Encoder encoder = resuming
                ? Encoder.load(Trainer.checkpointModel(outputDir), encoderOptions)
                : Encoder.open(baseModel, encoderOptions)) {
            Trainer.Evaluator evaluator =
                    dev == null ? null : e -> DenseRecall.evaluate(e, dev, Scoring.RECALL_NUM, evalProgress, cancel);
            MetricsReport before = evaluator == null || resuming ? null : evaluator.evaluate(encoder);
            if (before != null) {
                record.setting("dev_before", before.summary());
                listener.onBaseline(before);
            }
            if (strategy.usesPairs()) {
                List<TrainingPair> pairs = limit(readPairs());
                record.setting("train_examples", pairs.size());
                if (hardNegatives != null) {
                    pairs = withMinedNegatives(pairs, encoder, evalProgress, cancel, record);
                }
                return new Outcome(
                        new Trainer<>(
                                        new ContrastiveObjective(strategy.cliName(), encoder, config),
                                        config,
                                        outputDir,
                                        listener,
                                        cancel,
                                        evaluator,
                                        record)
                                .train(pairs, resuming),
                        before);
            }
            List<String> texts = limit(readTexts());
            record.setting("train_examples", texts.size());
            if (strategy == Strategy.SIMCSE) {
                List<TrainingPair> pairs =
                        texts.stream().map(t -> new TrainingPair(t, t)).toList();
                return new Outcome(
                        new Trainer<>(
                                        new ContrastiveObjective("simcse", encoder, config),
                                        config,
                                        outputDir,
                                        listener,
                                        cancel,
                                        evaluator,
                                        record)
                                .train(pairs, resuming),
                        before);
            }
            try (MlmObjective mlm = new MlmObjective(encoder, config, maskProbability)) {
                return new Outcome(
                        new Trainer<>(mlm, config, outputDir, listener, cancel, evaluator, record)
                                .train(texts, resuming),
                        before);
            }
        }
    }

    /** Adds mined negatives to each pair, with the model training starts from as the dense miner. */
    private List<TrainingPair> withMinedNegatives(
            List<TrainingPair> pairs,
            Encoder encoder,
            ProgressListener progress,
            CancellationToken cancel,
            RunRecord record) {
        long miningStart = System.nanoTime();
        Corpus pool = HardNegatives.miningPool(
                hardNegatives.pool(), pairs.stream().map(TrainingPair::positive).toList(), readOptions);
        HardNegatives.Mined mined = HardNegatives.mine(
                hardNegatives.source(),
                pairs.stream().map(TrainingPair::query).toList(),
                pairs.stream().map(TrainingPair::positive).toList(),
                pool,
                hardNegatives.perQuery(),
                hardNegatives.depth(),
                encoder,
                progress,
                cancel);
        record.setting(
                "hard_negatives",
                Map.of(
                        "source",
                        hardNegatives.source().name().toLowerCase(Locale.ROOT),
                        "per_query",
                        hardNegatives.perQuery(),
                        "mined",
                        mined.total(),
                        "pairs_short",
                        mined.withoutNegative(),
                        // mining is part of the variant's cost when runs are compared at equal wall time
                        "seconds",
                        Math.round((System.nanoTime() - miningStart) / 1e6) / 1000.0));
        List<TrainingPair> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            out.add(new TrainingPair(
                    pairs.get(i).query(),
                    pairs.get(i).positive(),
                    mined.negatives().get(i)));
        }
        return out;
    }

    private List<TrainingPair> readPairs() {
        DataFile<TextPair> file = RecipeFiles.readPairs(trainFile, readOptions);
        return file.records().stream()
                .map(p -> new TrainingPair(p.query(), p.target()))
                .toList();
    }

    private List<String> readTexts() {
        DataFile<TextLine> file = RecipeFiles.readTexts(trainFile, readOptions);
        return file.records().stream().map(TextLine::text).toList();
    }

    private <E> List<E> limit(List<E> all) {
        return trainLimit > 0 && all.size() > trainLimit ? all.subList(0, trainLimit) : all;
    }
}
