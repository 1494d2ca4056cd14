package dev.nsw.cli;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.retrieval.Fusion;
import dev.nsw.retrieval.HybridEvaluation;
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
        RRF,
        CONVEX
    }

    @Option(
            names = "--mode",
            defaultValue = "dense",
            paramLabel = "dense|hybrid",
            completionCandidates = EnumChoices.RecallMode.class,
            description = "dense (the recipe's recall) or hybrid: BM25 and dense fused per --fusion.")
    Mode mode;

    @Option(
            names = "--fusion",
            defaultValue = "convex",
            paramLabel = "rrf|convex",
            completionCandidates = EnumChoices.Fusion.class,
            description = "With --mode hybrid: rrf (reciprocal-rank fusion) or convex (w·dense + (1−w)·BM25 on min-max"
                    + " normalised scores).")
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

    /** Usage checks before anything is loaded. */
    void validate(EvalSetOptions set) {
        if (!hybrid()) {
            if (weight != null || tuneOn != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--hybrid_weight and --tune_on need --mode hybrid");
            }
            return;
        }
        if (fusion == FusionKind.RRF && (weight != null || tuneOn != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--hybrid_weight and --tune_on are for --fusion convex");
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
     * The hybrid run of {@code dataset}'s queries to depth {@code k} ({@link HybridEvaluation}, as the workbench's
     * hybrid runs): builds BM25 over the corpus (auto analyzer), tunes the weight on the dev set when asked, fuses.
     * Progress and the chosen weight go to stderr.
     */
    RecallRun run(EvalSetOptions set, RetrievalDataset dataset, TextEncoder encoder, VectorIndex index, int k)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (Bm25Index bm25 = Bm25Index.buildInMemory(
                dataset.corpus(),
                Bm25Options.auto(dataset.corpus()),
                ConsoleProgress.of(spec),
                CancellationToken.NEVER)) {
            HybridEvaluation.Plan plan = fusion == FusionKind.RRF
                    ? new HybridEvaluation.Fixed(new Fusion.Rrf(rrfK))
                    : weight != null
                            ? new HybridEvaluation.Fixed(new Fusion.Convex(weight))
                            : new HybridEvaluation.TunedOnDev(set.loadDev(tuneOn), tuneOn);
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
            err.printf(
                    Locale.ROOT,
                    "hybrid: %s over BM25 (%s) and dense top %d%n",
                    result.method().describe(),
                    bm25.options().analyzer().cliName(),
                    result.firstStageDepth());
            return result.run();
        }
    }
}
