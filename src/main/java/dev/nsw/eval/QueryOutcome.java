package dev.nsw.eval;

/**
 * How one query fared in a run.
 *
 * @param firstRelevantRank 1-based rank of the first relevant document in the whole ranking, 0 if none
 */
public record QueryOutcome(String queryId, int firstRelevantRank, double reciprocalRank10, double ndcg10) {
    /** True when a relevant document is in the top {@code k}. */
    public boolean hitAt(int k) {
        return firstRelevantRank > 0 && firstRelevantRank <= k;
    }
}
