package dev.nsw.retrieval;

import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Hybrid recall: BM25 and dense recall of the same queries, each to {@link #firstStageDepth}, fused by
 * {@link Fusion} to the final depth. The one service the CLI ({@code --mode hybrid}), the workbench and the
 * search service call.
 *
 * <p>Each first stage goes deeper than the final cut-off because a document ranked 60th by one retriever
 * and 5th by the other can fuse into the top 10; 100 covers the recipe's deepest cut-off (50) twice.
 */
public final class HybridRecall {
    /** Documents each first stage returns before fusion, at least. */
    public static final int MIN_FIRST_STAGE_DEPTH = 100;

    private HybridRecall() {}

    /** The first-stage depth for a final depth {@code k}: {@code max(100, 2k)}. */
    public static int firstStageDepth(int k) {
        return Math.max(MIN_FIRST_STAGE_DEPTH, 2 * k);
    }

    /** The two first-stage runs of a set of queries, to fuse once or to tune a weight on. */
    public record FirstStages(RecallRun lexical, RecallRun dense, int depth, double seconds) {
        public FirstStages(RecallRun lexical, RecallRun dense, int depth) {
            this(lexical, dense, depth, Double.NaN);
        }

        public RecallRun fuse(Fusion.Method method, int k) {
            return Fusion.fuse(lexical, dense, method, k);
        }
    }

    /** Runs BM25 and dense recall of {@code queries} to {@link #firstStageDepth}{@code (k)}. */
    public static FirstStages firstStages(
            Bm25Index bm25,
            TextEncoder encoder,
            VectorIndex index,
            List<Query> queries,
            int k,
            ProgressListener progress,
            CancellationToken cancel) {
        DenseRecall.requireSameModel(index, encoder);
        float[][] vectors =
                DenseRecall.embed(encoder, queries.stream().map(Query::text).toList(), "queries", progress, cancel);
        cancel.check();
        return firstStages(bm25, index, queries, vectors, k, progress, cancel);
    }

    /**
     * {@link #firstStages} of queries already embedded ({@code queryVectors[i]} is query i, e.g. read from a
     * workspace's cache) by the model of {@code index}.
     */
    public static FirstStages firstStages(
            Bm25Index bm25,
            VectorIndex index,
            List<Query> queries,
            float[][] queryVectors,
            int k,
            ProgressListener progress,
            CancellationToken cancel) {
        int depth = firstStageDepth(k);
        long t0 = System.nanoTime();
        RecallRun lexical = bm25.searchAll(
                queries, depth, Math.max(1, Runtime.getRuntime().availableProcessors()), progress, cancel);
        RecallRun dense = DenseRecall.search(index, queryVectors, queries, depth, progress);
        return new FirstStages(lexical, dense, depth, (System.nanoTime() - t0) / 1e9);
    }

    /** The hybrid top {@code k} of {@code queries} with a fixed method. */
    public static RecallRun recall(
            Bm25Index bm25,
            TextEncoder encoder,
            VectorIndex index,
            List<Query> queries,
            int k,
            Fusion.Method method,
            ProgressListener progress,
            CancellationToken cancel) {
        return firstStages(bm25, encoder, index, queries, k, progress, cancel).fuse(method, k);
    }

    /**
     * Tunes the convex weight on a <em>dev</em> set (never the test set) for {@code objective}, e.g. nDCG@10 of
     * the fused run against {@code dev}'s judgements.
     */
    public static Fusion.Tuning tune(
            Bm25Index bm25,
            TextEncoder encoder,
            VectorIndex index,
            RetrievalDataset dev,
            int k,
            ToDoubleFunction<RecallRun> objective,
            ProgressListener progress,
            CancellationToken cancel) {
        FirstStages stages = firstStages(bm25, encoder, index, dev.queries(), k, progress, cancel);
        return Fusion.tuneWeight(stages.lexical(), stages.dense(), k, objective);
    }

    /** {@link #tune} with the dev queries already embedded ({@code devQueryVectors[i]} is dev query i). */
    public static Fusion.Tuning tune(
            Bm25Index bm25,
            VectorIndex index,
            RetrievalDataset dev,
            float[][] devQueryVectors,
            int k,
            ToDoubleFunction<RecallRun> objective,
            ProgressListener progress,
            CancellationToken cancel) {
        FirstStages stages = firstStages(bm25, index, dev.queries(), devQueryVectors, k, progress, cancel);
        return Fusion.tuneWeight(stages.lexical(), stages.dense(), k, objective);
    }
}
