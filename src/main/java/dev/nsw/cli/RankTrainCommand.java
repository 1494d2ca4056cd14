package dev.nsw.cli;

import dev.nsw.data.RankingGroup;
import dev.nsw.data.RankingJsonl;
import dev.nsw.data.RankingList;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.TextPair;
import dev.nsw.job.CancellationToken;
import dev.nsw.rank.CrossEncoderObjective;
import dev.nsw.rank.RankLoss;
import dev.nsw.rank.RankTrainingJob;
import dev.nsw.retrieval.NegativeMining;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the cross-encoder with the recipe's margin ranking loss: mean(max(0, margin − (p_pos − p_neg)))",
            "on sigmoid probabilities (recipe: margin 0.1, lr 2e-5, batch 32), or with --loss listwise. Input: triples",
            "(query \\t pos \\t neg, or JSON lines {\"query\",\"pos\":[..],\"neg\":[..]}), or positive pairs with --mine or",
            "--mine_run. Writes <save_dir>/final (a reranker folder), checkpoint/ and run.json."
        })
final class RankTrainCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    MiningOptions mining;

    @Mixin
    OptimizationOptions optimization;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TrainingData data;

    /** Triples, or positive pairs to mine negatives for: exactly one. */
    static final class TrainingData {
        @Option(
                names = "--train_set_file",
                paramLabel = "FILE",
                description = "Triples: .tsv (query \\t pos \\t neg) or .jsonl.")
        Path trainFile;

        @Option(
                names = "--pairs",
                paramLabel = "FILE",
                description = "Positive pairs (query \\t title); needs --mine or --mine_run.")
        Path pairsFile;
    }

    @Option(names = "--save_dir", required = true, paramLabel = "DIR", description = "Output folder.")
    @Writes
    Path saveDir;

    @Option(names = "--margin", defaultValue = "0.1", description = "Margin of the ranking loss.")
    float margin;

    @Option(names = "--learning_rate", defaultValue = "2e-5", description = "Peak learning rate.")
    double learningRate;

    @Option(
            names = "--batch_size",
            defaultValue = "32",
            description = "Triples per step; with --loss listwise, queries per step,"
                    + " each bringing 1+N sequences: gradient memory grows with batch × (1 + --negatives).")
    int batchSize;

    @Option(
            names = "--loss",
            defaultValue = "margin",
            paramLabel = "margin|listwise",
            completionCandidates = EnumChoices.Loss.class,
            description = "margin (the recipe): one triple at a time, one per negative. listwise: each query's "
                    + "positive and its N negatives scored together, loss = −log(exp(s_pos) / Σ_j exp(s_j)) over the "
                    + "logits s, averaged over the batch's queries.")
    RankLoss loss;

    @Option(names = "--epochs", defaultValue = "3", description = "Passes over the data.")
    int epochs;

    @Override
    public Integer call() throws Exception {
        Path trainFile = data.trainFile;
        Path pairsFile = data.pairsFile;
        mining.check(spec);
        if (trainFile != null && mining.given()) {
            throw new ParameterException(spec.commandLine(), "--mine and --mine_run apply to --pairs only");
        }
        boolean jsonl = trainFile != null && isJsonl(trainFile);
        if (trainFile != null && !jsonl && mining.negatives() > 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "a triples file has one negative a line: --negatives " + mining.negatives()
                            + " needs a .jsonl file or --pairs with mining");
        }
        TrainingConfig config = CliSupport.usage(
                spec,
                "",
                () -> optimization.apply(CrossEncoderObjective.recipeDefaults()
                        .withMarginScale(margin, 1f)
                        .withLearningRate(learningRate)
                        .withBatchSize(batchSize)
                        .withEpochs(epochs)));
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ReadOptions read = ReadOptions.of(optimization.lenient);
        Map<String, Object> data = new LinkedHashMap<>();
        List<RankingList> examples;
        if (trainFile != null) {
            if (jsonl) {
                List<RankingGroup> groups = RankingJsonl.read(trainFile, read).records();
                examples = limit(RankingJsonl.lists(groups, mining.negatives(), optimization.seed));
                long fewer = groups.stream()
                        .filter(g -> g.negatives().size() < mining.negatives())
                        .count();
                if (fewer > 0) {
                    err.printf(
                            Locale.ROOT,
                            "skipped %,d lines listing fewer than %d negatives%n",
                            fewer,
                            mining.negatives());
                }
            } else {
                examples = limit(RecipeFiles.readTriples(trainFile, read).records().stream()
                        .map(RankingList::of)
                        .toList());
            }
            data.put("train_file", trainFile.toAbsolutePath().toString());
        } else {
            List<TextPair> pairs = limit(RecipeFiles.readPairs(pairsFile, read).records());
            NegativeMining.Result mined = mining.mine(spec, pairsFile, pairs, model, optimization.seed, read);
            err.println(mining.summary(mined));
            examples = mined.lists();
            data.put("pairs_file", pairsFile.toAbsolutePath().toString());
            data.put("mining", mining.record(mined));
        }
        var job = new RankTrainingJob(
                model.model,
                model.encoderOptions().withOutputEmbSize(0),
                config,
                loss,
                examples,
                data,
                saveDir,
                optimization.resume);
        if (job.trainingExamples() < 2) {
            throw new IllegalArgumentException("need at least 2 training "
                    + (loss == RankLoss.MARGIN ? "triples" : "queries") + ", got " + job.trainingExamples());
        }
        optimization.clearRunIfAsked(saveDir);
        err.println("== rank (cross-encoder, " + loss.label() + " loss) from " + model.model + " on "
                + (loss == RankLoss.MARGIN
                        ? job.trainingExamples() + " triples"
                        : job.trainingExamples() + " queries × (1 + " + mining.negatives() + ") texts")
                + " → " + saveDir);
        Trainer.Result r = job.run(StepLines.full(err), CancellationToken.NEVER);
        out.printf(
                Locale.ROOT,
                "rank: %d steps in %.1f s, loss %.4f → %.4f; reranker %s%n",
                r.steps(),
                r.seconds(),
                r.firstLoss(),
                r.lastLoss(),
                r.finalModel());
        return 0;
    }

    private <E> List<E> limit(List<E> all) {
        return optimization.trainLimit > 0 && all.size() > optimization.trainLimit
                ? all.subList(0, optimization.trainLimit)
                : all;
    }

    private static boolean isJsonl(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    }
}
