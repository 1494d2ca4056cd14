package dev.nsw.cli;

import dev.nsw.data.Corpus;
import dev.nsw.data.DataFile;
import dev.nsw.data.DataFormatException;
import dev.nsw.data.LabeledPair;
import dev.nsw.data.RankingGroup;
import dev.nsw.data.RankingJsonl;
import dev.nsw.data.RankingList;
import dev.nsw.data.RankingTriple;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RecipeFiles;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TextPair;
import dev.nsw.data.TrecRunFile;
import dev.nsw.encoder.Encoder;
import dev.nsw.eval.Auc;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.rank.CrossEncoder;
import dev.nsw.rank.CrossEncoderObjective;
import dev.nsw.rank.RankLoss;
import dev.nsw.rank.RankTrainingJob;
import dev.nsw.rank.Reranking;
import dev.nsw.retrieval.DenseRecall;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.NegativeMining;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code nsw rank}: the recipe's ranking stage — a cross-encoder trained on triples, AUC, negatives mining. */
@Command(
        name = "rank",
        mixinStandardHelpOptions = true,
        description =
                "Cross-encoder reranker: train on (query, positive, negative) triples, predict, evaluate by AUC, mine negatives.",
        subcommands = {
            RankCommand.Train.class,
            RankCommand.Predict.class,
            RankCommand.Evaluate.class,
            RankCommand.Rerank.class,
            RankCommand.Mine.class
        })
public final class RankCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** How to mine negatives for positive-only pairs, shared by train and mine. */
    static final class MiningOptions {
        @Option(
                names = "--mine",
                paramLabel = "bm25|dense",
                completionCandidates = EnumChoices.MiningSource.class,
                description = "Mine --negatives negatives per pair from BM25 or dense recall over --corpus.")
        dev.nsw.retrieval.HardNegatives.Source mine;

        @Option(
                names = "--mine_run",
                paramLabel = "RUN",
                description =
                        "Mine them from this first-stage TREC run of the pair file instead (the run you will rerank: nsw "
                                + "recall, bm25 or any system, made with --similar_text_pair PAIRS --corpus CORPUS; doc ids are "
                                + "--corpus line numbers).")
        Path mineRun;

        @Option(
                names = "--corpus",
                paramLabel = "FILE",
                description =
                        "Texts to mine negatives from, one a line (default: the distinct positives of the pair file; --mine_run needs it).")
        Path corpus;

        @Option(
                names = "--mine_top_n",
                defaultValue = "50",
                description = "Look for negatives among this many recalled texts.")
        int topN;

        @Option(
                names = "--negatives",
                paramLabel = "N",
                description =
                        "Negatives per pair (default 1): N distinct texts drawn with --seed from the top --mine_top_n "
                                + "minus every gold text of the query, kept in first-stage order; pairs with fewer are skipped. "
                                + "For a .jsonl training file: N of each line's negatives.")
        Integer negatives;

        int negatives() {
            return negatives == null ? 1 : negatives;
        }

        boolean given() {
            return mine != null || mineRun != null;
        }

        void check(CommandLine.Model.CommandSpec spec) {
            if (negatives != null && negatives < 1) {
                throw new ParameterException(spec.commandLine(), "--negatives must be >= 1, got " + negatives);
            }
            if (topN < 1) {
                throw new ParameterException(spec.commandLine(), "--mine_top_n must be >= 1, got " + topN);
            }
            if (mine != null && mineRun != null) {
                throw new ParameterException(spec.commandLine(), "give --mine bm25|dense or --mine_run RUN, not both");
            }
            if (mineRun != null && corpus == null) {
                throw new ParameterException(
                        spec.commandLine(), "--mine_run needs --corpus FILE: the corpus the run's document ids name");
            }
        }

        /** Where the negatives came from, for messages and run records. */
        String source() {
            return mineRun != null
                    ? "run " + mineRun.getFileName()
                    : mine.name().toLowerCase(Locale.ROOT);
        }

        NegativeMining.Result mine(
                CommandLine.Model.CommandSpec spec,
                Path pairsFile,
                List<TextPair> pairs,
                ModelOptions model,
                long seed,
                ReadOptions read)
                throws Exception {
            check(spec);
            if (!given()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--pairs needs --mine bm25|dense or --mine_run RUN (positive-only pairs have no negatives)");
            }
            CancellationToken never = CancellationToken.NEVER;
            if (mineRun != null) {
                RetrievalDataset set = RetrievalDataset.readRecipe(pairsFile, corpus, read);
                RecallRun run = TrecRunFile.read(mineRun, read, set);
                return NegativeMining.mine(
                        pairs,
                        NegativeMining.fromRun(mineRun, run, set),
                        topN,
                        negatives(),
                        seed,
                        ConsoleProgress.of(spec),
                        never);
            }
            Corpus texts = dev.nsw.retrieval.HardNegatives.miningPool(
                    corpus, pairs.stream().map(TextPair::target).toList(), read);
            return switch (mine) {
                case BM25 -> {
                    try (Bm25Index index =
                            Bm25Index.buildInMemory(texts, Bm25Options.auto(texts), ConsoleProgress.of(spec), never)) {
                        yield NegativeMining.mine(
                                pairs,
                                NegativeMining.bm25(index, texts),
                                topN,
                                negatives(),
                                seed,
                                ConsoleProgress.of(spec),
                                never);
                    }
                }
                case DENSE -> {
                    try (Encoder encoder = model.open()) {
                        yield NegativeMining.mine(
                                pairs,
                                NegativeMining.dense(encoder, texts),
                                topN,
                                negatives(),
                                seed,
                                ConsoleProgress.of(spec),
                                never);
                    }
                }
            };
        }

        /** The mining settings and counts, as run.json records them. */
        Map<String, Object> record(NegativeMining.Result mined) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", mineRun != null ? "run" : mine.name());
            if (mineRun != null) {
                m.put("run", mineRun.toAbsolutePath().toString());
            }
            m.put(
                    "corpus",
                    corpus == null
                            ? "(the pair file's positives)"
                            : corpus.toAbsolutePath().toString());
            m.put("top_n", topN);
            m.put("negatives", negatives());
            m.put("mined", mined.mined());
            m.put("skipped", mined.skipped());
            return m;
        }

        String summary(NegativeMining.Result mined) {
            return String.format(
                    Locale.ROOT,
                    "mined %,d negatives (%d a pair) from %s (top %d); skipped %,d pairs with %s",
                    mined.mined() * negatives(),
                    negatives(),
                    source(),
                    topN,
                    mined.skipped(),
                    negatives() == 1 ? "no usable candidate" : "fewer than " + negatives() + " usable candidates");
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = {
                "Train the cross-encoder with the recipe's margin ranking loss: mean(max(0, margin − (p_pos − p_neg)))",
                "on sigmoid probabilities (recipe: margin 0.1, lr 2e-5, batch 32), or with --loss listwise. Input: triples",
                "(query \\t pos \\t neg, or JSON lines {\"query\",\"pos\":[..],\"neg\":[..]}), or positive pairs with --mine or",
                "--mine_run. Writes <save_dir>/final (a reranker folder), checkpoint/ and run.json."
            })
    static final class Train implements Callable<Integer> {
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
                    List<RankingGroup> groups =
                            RankingJsonl.read(trainFile, read).records();
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
                List<TextPair> pairs =
                        limit(RecipeFiles.readPairs(pairsFile, read).records());
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
    }

    static boolean isJsonl(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    }

    /** Lines of a pair file: two texts, and a label when the file has a 0/1 third column on every line. */
    record Pairs(List<String> queries, List<String> titles, int[] labels) {
        boolean labelled() {
            return labels != null;
        }

        /**
         * Pairs with labels when the file's first line has a third column (then every line must carry a 0/1
         * label: {@link RecipeFiles#readLabeledPairs}), else plain pairs ({@link RecipeFiles#readPairs}).
         */
        static Pairs read(Path file) {
            if (firstLineColumns(file) >= 3) {
                return labelled(file);
            }
            List<TextPair> r = RecipeFiles.readPairs(file, ReadOptions.STRICT).records();
            return new Pairs(
                    r.stream().map(TextPair::query).toList(),
                    r.stream().map(TextPair::target).toList(),
                    null);
        }

        private static int firstLineColumns(Path file) {
            try (java.io.BufferedReader in =
                    java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        return line.split("\t", -1).length;
                    }
                }
                return 0;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }

        static Pairs labelled(Path file) {
            DataFile<LabeledPair> f = RecipeFiles.readLabeledPairs(file, ReadOptions.STRICT);
            List<LabeledPair> r = f.records();
            return new Pairs(
                    r.stream().map(LabeledPair::query).toList(),
                    r.stream().map(LabeledPair::title).toList(),
                    r.stream().mapToInt(LabeledPair::label).toArray());
        }
    }

    @Command(
            name = "predict",
            mixinStandardHelpOptions = true,
            description = {
                "Print the reranker's relevance probability of each pair (query \\t title[\\t label]), one per line on",
                "stdout (the recipe's pred_prob). When every line carries a 0/1 label, the AUC is printed to stderr."
            })
    static final class Predict implements Callable<Integer> {
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
            Pairs pairs = Pairs.read(input);
            PrintWriter out = spec.commandLine().getOut();
            try (CrossEncoder ce = reranker.open(threads)) {
                float[] p =
                        ce.score(pairs.queries(), pairs.titles(), ConsoleProgress.of(spec), CancellationToken.NEVER);
                for (float v : p) {
                    out.println(v);
                }
                out.flush();
                if (pairs.labelled()) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    Locale.ROOT,
                                    "AUC %.4f over %,d labelled pairs%n",
                                    Auc.of(p, pairs.labels()),
                                    p.length);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = {
                "AUC on labelled pairs (query \\t title \\t 0/1) of the cross-encoder's probability and, as the baseline,",
                "of the dense model's cosine between query and title (--model, default bge-small-zh-v1.5)."
            })
    static final class Evaluate implements Callable<Integer> {
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
            Pairs pairs = Pairs.labelled(input);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String[]> rows = new ArrayList<>();
            if (!noBaseline) {
                long t0 = System.nanoTime();
                try (Encoder encoder = model.open()) {
                    float[] cos = DenseRecall.pairCosines(
                            encoder,
                            pairs.queries(),
                            pairs.titles(),
                            ConsoleProgress.of(spec),
                            CancellationToken.NEVER);
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
                    float[] p = ce.score(
                            pairs.queries(), pairs.titles(), ConsoleProgress.of(spec), CancellationToken.NEVER);
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

    @Command(
            name = "mine",
            mixinStandardHelpOptions = true,
            description = {
                "Mine hard negatives per (query \\t positive) pair from BM25 or dense recall top-N or a first-stage run (never",
                "a gold text of the query or a duplicate of it) and write triples query \\t positive \\t negative, one a negative."
            })
    static final class Mine implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions model;

        @Mixin
        MiningOptions mining;

        @Option(
                names = "--pairs",
                required = true,
                paramLabel = "FILE",
                description = "Positive pairs (query \\t title).")
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

    @Command(
            name = "rerank",
            mixinStandardHelpOptions = true,
            description = {
                "Rerank a first-stage run of an evaluation set (a TREC run from recall, bm25 or any system) with the",
                "cross-encoder: each query's top N rescored, optionally mixed with the first stage's scores",
                "(w·rerank + (1−w)·first, min-max per query) with w given or tuned for nDCG@10 on a dev set and its own",
                "first-stage run. Prints the metrics of the first stage, the reranker alone and the mix."
            })
    static final class Rerank implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        EvalSetOptions set;

        @Mixin
        RerankerOptions reranker;

        @Mixin
        ScoringOptions scoringOptions;

        @Option(
                names = "--first_stage",
                required = true,
                paramLabel = "RUN",
                description = "The set's first-stage TREC run.")
        Path firstStage;

        @Option(
                names = "--rerank",
                defaultValue = "50",
                paramLabel = "N",
                description = "Documents rescored per query.")
        int rerank;

        @ArgGroup(exclusive = true)
        Mix mix;

        /** The mix weight: given, or tuned on a dev set (which needs that set's own first-stage run); not both. */
        static final class Mix {
            @Option(
                    names = "--rerank_weight",
                    paramLabel = "W",
                    description = "Mix: the reranker's weight in [0, 1] (1 = reranker alone).")
            Double weight;

            @ArgGroup(exclusive = false)
            Tuning tuning;
        }

        /** Both or neither. */
        static final class Tuning {

            @Option(
                    names = "--tune_on",
                    required = true,
                    paramLabel = "DEV",
                    description =
                            "Tune the mix weight for nDCG@10 on this dev set (a pair file against the same --corpus, or with --beir a"
                                    + " qrels split), reranking --dev_first_stage; never the set being scored.")
            String tuneOn;

            @Option(
                    names = "--dev_first_stage",
                    required = true,
                    paramLabel = "RUN",
                    description = "The dev set's first-stage TREC run (with --tune_on).")
            Path devFirstStage;
        }

        @Option(
                names = "--trec_run",
                paramLabel = "FILE",
                description = "Write the final run (the mix, else the reranker's) here.")
        @Writes
        Path trecRun;

        @Option(names = "--trec-run", hidden = true, paramLabel = "FILE")
        void oldTrecRun(Path file) {
            trecRun = file;
        }

        @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads; 0 = all cores.")
        int threads;

        @Override
        public Integer call() throws Exception {
            if (rerank < 1) {
                throw new ParameterException(spec.commandLine(), "--rerank must be >= 1, got " + rerank);
            }
            Double weight = mix == null ? null : mix.weight;
            String tuneOn = mix == null || mix.tuning == null ? null : mix.tuning.tuneOn;
            Path devFirstStage = mix == null || mix.tuning == null ? null : mix.tuning.devFirstStage;
            if (weight != null && !(weight >= 0 && weight <= 1)) {
                throw new ParameterException(spec.commandLine(), "--rerank_weight must be in [0, 1], got " + weight);
            }
            if (tuneOn != null && set.namesTheSameSet(tuneOn)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--tune_on " + tuneOn + " is the set being scored: tune on dev data, never on test");
            }
            RetrievalDataset dataset = set.load(true);
            RecallRun first = TrecRunFile.read(firstStage, set.readOptions(), dataset);
            PrintWriter err = spec.commandLine().getErr();
            List<MetricsTable.Row> rows = new ArrayList<>();
            rows.add(new MetricsTable.Row(
                    "first stage, top " + rerank + " (" + firstStage.getFileName() + ")",
                    evaluate(dataset, Reranking.combine(first, first, 0, rerank))));
            RecallRun finalRun;
            try (CrossEncoder ce = reranker.open(threads)) {
                long t0 = System.nanoTime();
                RecallRun reranked = rerank(dataset, first, ce);
                err.printf(
                        Locale.ROOT,
                        "reranked the top %d of %,d queries in %.1f s%n",
                        rerank,
                        dataset.queries().size(),
                        (System.nanoTime() - t0) / 1e9);
                rows.add(new MetricsTable.Row("reranker alone", evaluate(dataset, reranked)));
                finalRun = reranked;
                Double w = weight;
                if (tuneOn != null) {
                    RetrievalDataset dev = set.loadDev(tuneOn);
                    RecallRun devFirst = TrecRunFile.read(devFirstStage, set.readOptions(), dev);
                    RecallRun devReranked = rerank(dev, devFirst, ce);
                    Scoring devScoring = Scoring.defaultsFor(dev);
                    Fusion.Tuning t = Reranking.tuneWeight(
                            devFirst,
                            devReranked,
                            rerank,
                            run -> RetrievalMetrics.evaluate(dev, run, devScoring)
                                    .ndcg10());
                    err.printf(
                            Locale.ROOT,
                            "rerank: weight %.2f tuned on %s (%,d queries), nDCG@10 %.4f (first stage alone %.4f); curve w:nDCG@10 %s%n",
                            t.weight(),
                            tuneOn,
                            dev.queries().size(),
                            t.objective(),
                            t.curve().get(0.0),
                            t.curveText());
                    w = t.weight();
                }
                if (w != null) {
                    finalRun = Reranking.combine(first, reranked, w, rerank);
                    rows.add(new MetricsTable.Row(
                            String.format(
                                    Locale.ROOT,
                                    "mix, reranker weight %.2f%s",
                                    w,
                                    tuneOn != null ? " (tuned on dev)" : ""),
                            evaluate(dataset, finalRun)));
                }
            }
            if (trecRun != null) {
                TrecRunFile.write(trecRun, finalRun, "nsw-rerank", dataset);
                err.println("wrote " + trecRun);
            }
            MetricsTable.print(spec.commandLine().getOut(), rows);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private RecallRun rerank(RetrievalDataset d, RecallRun first, CrossEncoder ce) {
            Map<String, String> texts = new LinkedHashMap<>();
            d.queries().forEach(q -> texts.put(q.id(), q.text()));
            for (String q : first.rankings().keySet()) {
                if (!texts.containsKey(q)) {
                    throw new DataFormatException(
                            firstStage,
                            0,
                            "query id '" + q + "' is not a query of " + d.name()
                                    + " (was the run made on another set?)");
                }
            }
            // queries the first stage did not answer are reranked as empty lists, so every query is scored
            Map<String, List<dev.nsw.data.ScoredDoc>> all = new LinkedHashMap<>();
            d.queries().forEach(q -> all.put(q.id(), first.ranking(q.id())));
            return Reranking.rerank(
                    new RecallRun(first.scoreKind(), all),
                    texts,
                    d.corpus(),
                    rerank,
                    ce,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
        }

        private dev.nsw.eval.MetricsReport evaluate(RetrievalDataset d, RecallRun run) {
            return RetrievalMetrics.evaluate(d, run, scoringOptions.scoring(d));
        }
    }
}
