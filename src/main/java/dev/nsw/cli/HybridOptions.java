package dev.nsw.cli;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.rank.PairScorer;
import dev.nsw.rank.RerankStage;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.HybridEvaluation;
import dev.nsw.retrieval.HybridRecall;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --mode hybrid} settings: how BM25 and the dense run are fused, and where a convex weight comes from —
 * given ({@code --hybrid_weight}) or tuned on a dev set ({@code --tune_on}), never on the set being scored.
 */
public final class HybridOptions {
    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    enum Mode {
        DENSE,
        HYBRID
    }

    enum FusionKind {
        ZSCORE,
        CONVEX,
        RRF
    }

    @Option(
            names = "--mode",
            defaultValue = "dense",
            paramLabel = "dense|hybrid",
            completionCandidates = EnumChoices.RecallMode.class,
            description = "dense (the recipe's recall) or hybrid: BM25 and dense fused per --fusion.")
    Mode mode;

    /** Null when not typed: convex when a weight or a dev set is given, else label-free z-score fusion. */
    @Option(
            names = "--fusion",
            paramLabel = "zscore|convex|rrf",
            completionCandidates = EnumChoices.Fusion.class,
            description = {
                "With --mode hybrid: zscore (scores standardised per query, w·dense + (1−w)·BM25; without --hybrid_weight",
                "the weight is chosen from the queries themselves, no labels: label-free), convex (w·dense + (1−w)·BM25",
                "on min-max normalised scores, w given or tuned on dev) or rrf (reciprocal-rank fusion). When not given:",
                "convex with --hybrid_weight or --tune_on, else label-free zscore."
            })
    FusionKind fusion;

    @Option(names = "--rrf_k", defaultValue = "" + Fusion.RRF_K, description = "RRF's constant k.")
    int rrfK;

    @Option(names = "--hybrid_weight", paramLabel = "W", description = "Convex fusion: the dense weight in [0, 1].")
    Double weight;

    @Option(
            names = "--tune_on",
            paramLabel = "DEV",
            description =
                    "Convex fusion: tune the dense weight for nDCG@10 on this dev set — a recipe pair file against the"
                            + " same --corpus, or with --beir a qrels split (dev, or train when the set has no dev split).")
    String tuneOn;

    boolean hybrid() {
        return mode == Mode.HYBRID;
    }

    /** Whether the hybrid's weight is tuned on a dev set (and a rerank mix with it). */
    boolean tunesOnDev() {
        return tuneOn != null;
    }

    /** Usage checks before anything is loaded. */
    void validate(EvalSetOptions set) {
        if (!hybrid()) {
            if (weight != null || tuneOn != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--hybrid_weight and --tune_on need --mode hybrid");
            }
            return;
        }
        if (fusion == null) {
            fusion = weight != null || tuneOn != null ? FusionKind.CONVEX : FusionKind.ZSCORE;
        }
        if (fusion == FusionKind.RRF && (weight != null || tuneOn != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--hybrid_weight and --tune_on are for --fusion convex (or zscore: a weight)");
        }
        if (fusion == FusionKind.ZSCORE && tuneOn != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--tune_on tunes a convex weight (--fusion convex); --fusion zscore takes --hybrid_weight or chooses"
                            + " its weight without labels");
        }
        if (fusion == FusionKind.CONVEX && (weight == null) == (tuneOn == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--fusion convex needs one of --hybrid_weight W or --tune_on DEV (a weight tuned on dev data)");
        }
        if (weight != null && !(weight >= 0 && weight <= 1)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--hybrid_weight must be in [0, 1], got " + weight);
        }
        if (tuneOn != null && set.namesTheSameSet(tuneOn)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--tune_on " + tuneOn + " is the set being scored: tune on dev data, never on test");
        }
        if (rrfK < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rrf_k must be >= 0, got " + rrfK);
        }
    }

    /**
     * Hybrid then rerank: the hybrid's top {@code topN} rescored by {@code scorer}, mixed with the hybrid's score by
     * {@code weight} — or, when the hybrid's weight is tuned on a dev set, by a weight tuned on the same dev set.
     */
    record Rerank(int topN, Double weight, PairScorer scorer) {}

    /**
     * The hybrid run of {@code dataset}'s queries to depth {@code k} ({@link HybridEvaluation}, as the workbench's
     * hybrid runs): builds BM25 over the corpus (auto analyzer), tunes the weight on the dev set when asked — or, with
     * no weight and no dev set, takes the label-free weight from the queries' own first stages — fuses; with {@code
     * rerank}, reranks the fused top N (tuning the mix on the same dev set when there is one) and prints the whole
     * chain's wall time per query. Progress and the choices go to stderr.
     */
    RecallRun run(
            EvalSetOptions set, RetrievalDataset dataset, TextEncoder encoder, VectorIndex index, int k, Rerank rerank)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Bm25Index bm25 = Bm25Index.buildInMemory(
                dataset.corpus(),
                Bm25Options.auto(dataset.corpus()),
                ConsoleProgress.of(spec),
                CancellationToken.NEVER)) {
            RetrievalDataset dev = tuneOn == null ? null : set.loadDev(tuneOn);
            HybridEvaluation.Plan plan = switch (fusion) {
                case RRF -> new HybridEvaluation.Fixed(new Fusion.Rrf(rrfK));
                case ZSCORE ->
                    weight != null
                            ? new HybridEvaluation.Fixed(new Fusion.ZScore(weight))
                            : new HybridEvaluation.LabelFree();
                case CONVEX ->
                    weight != null
                            ? new HybridEvaluation.Fixed(new Fusion.Convex(weight))
                            : new HybridEvaluation.TunedOnDev(dev, tuneOn);
            };
            HybridEvaluation.Result result = HybridEvaluation.run(
                    bm25,
                    encoder,
                    index,
                    dataset.queries(),
                    k,
                    plan,
                    ConsoleProgress.of(spec),
                    CancellationToken.NEVER);
            result.tuned()
                    .ifPresent(t -> err.printf(
                            Locale.ROOT,
                            "hybrid: dense weight %.2f tuned on %s (%,d queries), nDCG@10 %.4f; curve w:nDCG@10 %s%n",
                            t.tuning().weight(),
                            t.source(),
                            t.queries(),
                            t.tuning().objective(),
                            t.tuning().curveText()));
            result.labelFree().ifPresent(c -> err.println("hybrid: " + c.reason()));
            err.printf(
                    Locale.ROOT,
                    "hybrid: %s over BM25 (%s) and dense top %d%n",
                    result.method().describe(),
                    bm25.options().analyzer().cliName(),
                    result.firstStageDepth());
            if (rerank == null) {
                return result.run();
            }
            RecallRun devRun = dev == null
                    ? null
                    : HybridRecall.recall(
                            bm25,
                            encoder,
                            index,
                            dev.queries(),
                            k,
                            result.method(),
                            ConsoleProgress.of(spec),
                            CancellationToken.NEVER);
            return rerank(dataset, result.run(), dev, devRun, rerank, result.seconds());
        }
    }

    /** The reranking stage of the chain, and one line of its wall time per query. */
    private RecallRun rerank(
            RetrievalDataset dataset,
            RecallRun hybrid,
            RetrievalDataset dev,
            RecallRun devHybrid,
            Rerank rerank,
            double hybridSeconds) {
        PrintWriter err = spec.commandLine().getErr();
        RerankStage.Mix mix = dev != null
                ? new RerankStage.TunedOnDev(dev, devHybrid, tuneOn)
                : rerank.weight() != null ? new RerankStage.Given(rerank.weight()) : new RerankStage.Alone();
        RerankStage.Result r = RerankStage.run(
                hybrid,
                dataset.queries(),
                dataset.corpus(),
                rerank.topN(),
                rerank.scorer(),
                mix,
                ConsoleProgress.of(spec),
                CancellationToken.NEVER);
        r.tuning()
                .ifPresentOrElse(
                        t -> err.printf(
                                Locale.ROOT,
                                "rerank: reranker weight %.2f tuned on %s, nDCG@10 %.4f (the hybrid alone %.4f)%n",
                                t.weight(),
                                tuneOn,
                                t.objective(),
                                t.curve().get(0.0)),
                        () -> err.printf(Locale.ROOT, "rerank: reranker weight %.2f%n", r.weight()));
        int n = Math.max(1, dataset.queries().size());
        err.printf(
                Locale.ROOT,
                "chain: %.1f ms per query (BM25 + dense recall + fusion %.1f ms, reranking the top %d %.1f ms) over %,d"
                        + " queries, the corpus already indexed%n",
                1000 * (hybridSeconds + r.rerankSeconds()) / n,
                1000 * hybridSeconds / n,
                rerank.topN(),
                1000 * r.rerankSeconds() / n,
                dataset.queries().size());
        return r.run();
    }
}
