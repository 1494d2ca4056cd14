package dev.nsw.retrieval;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A hybrid run of a query set and what made it: the one evaluation behind {@code nsw recall --mode hybrid} and
 * the workbench's hybrid runs in Compare. BM25 and dense recall are fused by {@link Fusion} through
 * {@link HybridRecall} (each first stage to {@link HybridRecall#firstStageDepth}, fused to the final depth),
 * with a method given in advance ({@link Fixed}), a convex weight tuned on a dev set ({@link TunedOnDev}), or the
 * label-free z-score weight chosen from the queries' own first stages ({@link LabelFree}: no judgements needed).
 *
 * <p>A weight is tuned for nDCG@10 of the fused dev run, scored by the dev set's own conventions
 * ({@link Scoring#defaultsFor}); the caller names a dev split, never the set being scored.
 *
 * <pre>{@code
 * HybridEvaluation.Result r = HybridEvaluation.run(bm25, encoder, index, test.queries(), 50,
 *         new HybridEvaluation.TunedOnDev(dev, "dev.csv"), progress, cancel);
 * r.run();             // the fused top 50 of every test query
 * r.fusionSettings();  // fusion convex, weight 0.80, tuned_on dev.csv, …, tuning_curve 0.00:0.4123 …
 * }</pre>
 */
public final class HybridEvaluation {
    private HybridEvaluation() {}

    /** How the two first stages are fused. */
    public sealed interface Plan permits Fixed, TunedOnDev, LabelFree {}

    /**
     * The label-free fusion ({@link Fusion#labelFree}): z-score fusion with the dense weight taken from the first
     * stages of the queries being fused — what {@code nsw recall --mode hybrid} does without a weight or a dev set.
     */
    public record LabelFree() implements Plan {}

    /** A method given in advance: reciprocal-rank fusion, or a convex mix with a known weight. */
    public record Fixed(Fusion.Method method) implements Plan {}

    /**
     * A convex mix whose dense weight is tuned for nDCG@10 on {@code dev}'s queries and judgements.
     *
     * @param source what {@code dev} is, as settings and names show it (a file, {@code dev.csv},
     *     {@code qrels/train.tsv (no dev split)})
     */
    public record TunedOnDev(RetrievalDataset dev, String source) implements Plan {}

    /** A weight tuned on a dev set: the tuning (weight, dev nDCG@10, curve), where, and on how many queries. */
    public record Tuned(Fusion.Tuning tuning, String source, int queries) {}

    /**
     * A hybrid run and what made it.
     *
     * @param firstStageDepth documents each first stage returned before fusion
     * @param tuned the tuning when the plan was {@link TunedOnDev}
     * @param labelFree the label-free weight and why, when the plan (or its method) was label-free
     * @param seconds wall time of the run's first stages and fusion (a dev tuning not counted); NaN when not timed
     */
    public record Result(
            RecallRun run,
            Fusion.Method method,
            int firstStageDepth,
            Optional<Tuned> tuned,
            Optional<Fusion.LabelFreeChoice> labelFree,
            double seconds) {
        public Result(RecallRun run, Fusion.Method method, int firstStageDepth, Optional<Tuned> tuned) {
            this(run, method, firstStageDepth, tuned, Optional.empty(), Double.NaN);
        }

        /**
         * The fusion as a saved run records it, in this order: {@code fusion} ({@code rrf} or {@code convex}),
         * then {@code rrf_k}, or {@code weight} (two decimals) and for a tuned weight {@code tuned_on},
         * {@code tuned_queries}, {@code tuned_ndcg10} (four decimals) and {@code tuning_curve}
         * ({@link Fusion.Tuning#curveText}).
         */
        public Map<String, String> fusionSettings() {
            Map<String, String> s = new LinkedHashMap<>();
            switch (method) {
                case Fusion.Rrf rrf -> {
                    s.put("fusion", "rrf");
                    s.put("rrf_k", Integer.toString(rrf.k()));
                }
                case Fusion.Convex convex -> {
                    s.put("fusion", "convex");
                    s.put(WEIGHT, String.format(Locale.ROOT, "%.2f", convex.weight()));
                }
                case Fusion.ZScore z -> {
                    s.put("fusion", "zscore");
                    s.put(WEIGHT, String.format(Locale.ROOT, "%.2f", z.weight()));
                }
                case Fusion.LabelFree f -> s.put("fusion", "zscore");
            }
            labelFree.ifPresent(c -> {
                s.put(WEIGHT_FROM, "label-free");
                // the weight as chosen, every digit: a reopened workspace fuses Search's lists with it (two decimals
                // would move a test query's hybrid ranks away from this run's)
                s.put(EXACT_WEIGHT, Double.toString(c.method().weight()));
                s.put(LABEL_FREE_QUERIES, Integer.toString(c.queries()));
                s.put("top_z_dense", String.format(Locale.ROOT, "%.2f", c.denseTopZ()));
                s.put("top_z_bm25", String.format(Locale.ROOT, "%.2f", c.lexicalTopZ()));
                s.put(WHY, c.reason());
            });
            tuned.ifPresent(t -> {
                s.put(TUNED_ON, t.source());
                s.put("tuned_queries", Integer.toString(t.queries()));
                s.put(
                        TUNED_NDCG10,
                        String.format(Locale.ROOT, "%.4f", t.tuning().objective()));
                s.put("tuning_curve", t.tuning().curveText());
            });
            return s;
        }
    }

    /** Settings keys of a convex run: the dense weight; for a tuned one the split and its nDCG@10. */
    public static final String WEIGHT = "weight";

    public static final String TUNED_ON = "tuned_on";

    /** Settings keys of a label-free run: where the weight came from, and the one line that says why (for a GUI). */
    public static final String WEIGHT_FROM = "weight_from";

    public static final String WHY = "why";

    /** Settings keys of a label-free run: the weight with every digit, and over how many queries it was chosen. */
    public static final String EXACT_WEIGHT = "weight_exact";

    public static final String LABEL_FREE_QUERIES = "label_free_queries";
    public static final String TUNED_NDCG10 = "tuned_ndcg10";

    /**
     * The vectors of a list of queries by the dense model, row i = query i: embedded now, or read from a cache
     * (the workbench's workspace keeps them, {@code workspace.Workspace#queryEmbeddings}).
     */
    @FunctionalInterface
    public interface QueryVectors {
        float[][] of(List<Query> queries) throws java.io.IOException;
    }

    /**
     * Recalls the hybrid top {@code k} of {@code queries}: tunes the weight first when the plan says so
     * (reporting "tuning the dense weight on SOURCE"), then fuses the two first stages of {@code queries}.
     */
    public static Result run(
            Bm25Index bm25,
            TextEncoder encoder,
            VectorIndex index,
            List<Query> queries,
            int k,
            Plan plan,
            ProgressListener progress,
            CancellationToken cancel) {
        DenseRecall.requireSameModel(index, encoder);
        QueryVectors embedNow =
                qs -> DenseRecall.embed(encoder, qs.stream().map(Query::text).toList(), "queries", progress, cancel);
        try {
            return run(bm25, index, queries, embedNow, k, plan, progress, cancel);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // embedding now reads no file
        }
    }

    /** {@link #run} with the queries' vectors (and the dev set's, when tuning) from {@code vectors}. */
    public static Result run(
            Bm25Index bm25,
            VectorIndex index,
            List<Query> queries,
            QueryVectors vectors,
            int k,
            Plan plan,
            ProgressListener progress,
            CancellationToken cancel)
            throws java.io.IOException {
        Fusion.Method method;
        Optional<Tuned> tuned = Optional.empty();
        switch (plan) {
            case Fixed f -> method = f.method();
            case LabelFree l -> method = new Fusion.LabelFree();
            case TunedOnDev d -> {
                progress.progress(0, -1, "tuning the dense weight on " + d.source());
                Scoring scoring = Scoring.defaultsFor(d.dev());
                Fusion.Tuning t = HybridRecall.tune(
                        bm25,
                        index,
                        d.dev(),
                        vectors.of(d.dev().queries()),
                        k,
                        r -> RetrievalMetrics.evaluate(d.dev(), r, scoring).ndcg10(),
                        progress,
                        cancel);
                method = t.method();
                tuned = Optional.of(new Tuned(t, d.source(), d.dev().queries().size()));
            }
        }
        cancel.check();
        long t0 = System.nanoTime(); // the queries' first stages (their embedding included) and the fusion
        HybridRecall.FirstStages stages =
                HybridRecall.firstStages(bm25, index, queries, vectors.of(queries), k, progress, cancel);
        Optional<Fusion.LabelFreeChoice> labelFree = Optional.empty();
        if (method instanceof Fusion.LabelFree) {
            // the weight from these queries' own first stages, recorded with why
            Fusion.LabelFreeChoice choice = Fusion.labelFree(stages.lexical(), stages.dense());
            labelFree = Optional.of(choice);
            method = choice.method();
        }
        RecallRun run = stages.fuse(method, k);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(run, method, stages.depth(), tuned, labelFree, seconds);
    }
}
