package dev.nsw.rank;

import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.util.List;

/**
 * Scores (query, title) pairs: {@code score(q, t)[i]} is the relevance of {@code t[i]} to {@code q[i]}, higher
 * is more relevant. The {@link CrossEncoder} is one; tests use plain functions.
 */
@FunctionalInterface
public interface PairScorer {
    /**
     * @throws dev.nsw.job.CancelledException when {@code cancel} was set between batches
     */
    float[] score(List<String> queries, List<String> titles, ProgressListener progress, CancellationToken cancel);

    /** What the scores are, for display ("probability", "cosine"). */
    default String scoreKind() {
        return "score";
    }
}
