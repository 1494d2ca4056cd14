package dev.nsw.gui.search;

import java.util.Locale;

/**
 * One result line of the Search panel: a hit, or a result the workspace's scoring drops (a BEIR query's own
 * document), shown greyed at the place the retriever put it so that nothing is hidden silently.
 *
 * @param rank 1-based rank among the hits of this list (the list position after dropped results); for a dropped
 *     result the rank it had in the retriever's list
 * @param scoreKind what {@code score} is ("BM25", "cosine")
 * @param gold whether this document is a gold target of the query (when the query is from the test set)
 * @param otherRank rank of the same document among the other list's hits, 0 when it is not there, -1 when there is
 *     no other list
 * @param dropped why this result is not a hit ({@code eval.ScoredRanking.Dropped#reason}), null for a hit
 */
public record HitRow(
        int rank,
        String docId,
        String text,
        double score,
        String scoreKind,
        boolean gold,
        int otherRank,
        String dropped)
        implements RankedRow {
    /** A hit. */
    public HitRow(int rank, String docId, String text, double score, String scoreKind, boolean gold, int otherRank) {
        this(rank, docId, text, score, scoreKind, gold, otherRank, null);
    }

    /** The score alone ("12.345" for BM25, "0.8123" for a cosine); the list's heading says what it is. */
    public String scoreText() {
        return "cosine".equals(scoreKind)
                ? String.format(Locale.ROOT, "%.4f", score)
                : String.format(Locale.ROOT, "%.3f", score);
    }

    /** "BM25 12.345" or "cosine 0.8123". */
    public String scoreLabel() {
        return scoreKind + " " + scoreText();
    }

    public boolean inOther() {
        return otherRank > 0;
    }

    /** How this document moved relative to the other list: "▲3" (better here), "▼2", "=", "only here", or "". */
    public String shift() {
        if (otherRank < 0 || isDropped()) {
            return "";
        }
        if (otherRank == 0) {
            return "only here";
        }
        int d = otherRank - rank;
        return d > 0 ? "▲" + d : d < 0 ? "▼" + (-d) : "=";
    }
}
