package dev.nsw.gui.search;

import java.util.Locale;

/**
 * One line of the Search panel's hybrid list: the fused rank and score, and where BM25 and the dense model
 * put the same document among the hits of their first-stage lists; or, greyed, a result the workspace's scoring
 * drops (a BEIR query's own document).
 *
 * @param rank the fused rank among the hits; for a dropped result the rank it had in the fused list
 * @param scoreKind "RRF" (Σ 1/(60 + rank)) or "fused" (the convex mix of min-max normalised scores)
 * @param bm25Rank rank in BM25's first stage, 0 when it is not there
 * @param denseRank rank in the dense first stage, 0 when it is not there
 * @param dropped why this result is not a hit, null for a hit
 */
public record FusedRow(
        int rank,
        String docId,
        String text,
        double score,
        String scoreKind,
        boolean gold,
        int bm25Rank,
        int denseRank,
        String dropped)
        implements RankedRow {
    /** The fused score alone; the heading says how it was fused. */
    public String scoreText() {
        return String.format(Locale.ROOT, "RRF".equals(scoreKind) ? "%.4f" : "%.3f", score);
    }

    public String scoreLabel() {
        return scoreKind + " " + scoreText();
    }

    public String bm25RankText() {
        return bm25Rank > 0 ? Integer.toString(bm25Rank) : "–";
    }

    public String denseRankText() {
        return denseRank > 0 ? Integer.toString(denseRank) : "–";
    }
}
