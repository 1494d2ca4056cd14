package dev.nsw.eval;

/**
 * How one query fared in a run.
 *
 * @param firstRelevantRank 1-based rank of the first relevant document in the whole ranking, 0 if none
 * @param recall10 share (0–1) of the query's judged gold documents in its top 10: the per-query value that
 *     paired significance tests of Recall@10 use (with one gold target per query it is 0 or 1)
 */
public record QueryOutcome(
        String queryId, int firstRelevantRank, double reciprocalRank10, double ndcg10, double recall10) {
    /** True when a relevant document is in the top {@code k}. */
    public boolean hitAt(int k) {
        return firstRelevantRank > 0 && firstRelevantRank <= k;
    }
}
