package dev.nsw.gui.search;

import java.util.Locale;

/**
 * One line of the Search panel's hybrid list: the fused rank and score, and where BM25 and the dense model
 * put the same document in their first-stage lists.
 *
 * @param scoreKind "RRF" (Σ 1/(60 + rank)) or "fused" (the convex mix of min-max normalised scores)
 * @param bm25Rank rank in BM25's first stage, 0 when it is not there
 * @param denseRank rank in the dense first stage, 0 when it is not there
 */
public record FusedRow(
        int rank,
        String docId,
        String text,
        double score,
        String scoreKind,
        boolean gold,
        int bm25Rank,
        int denseRank) {
    public String scoreLabel() {
        return String.format(Locale.ROOT, "RRF".equals(scoreKind) ? "%s %.4f" : "%s %.3f", scoreKind, score);
    }

    public String bm25RankText() {
        return bm25Rank > 0 ? Integer.toString(bm25Rank) : "–";
    }

    public String denseRankText() {
        return denseRank > 0 ? Integer.toString(denseRank) : "–";
    }
}
