package dev.nsw.gui.search;

import java.util.Locale;

/**
 * One result line of the Search panel.
 *
 * @param rank 1-based rank in this list
 * @param scoreKind what {@code score} is ("BM25", "cosine")
 * @param gold whether this document is a gold target of the query (when the query is from the test set)
 * @param otherRank rank of the same document in the other list, 0 when it is not there, -1 when there is no other list
 */
public record HitRow(int rank, String docId, String text, double score, String scoreKind, boolean gold, int otherRank) {
    /** "BM25 12.345" or "cosine 0.8123". */
    public String scoreLabel() {
        return "cosine".equals(scoreKind)
                ? String.format(Locale.ROOT, "%s %.4f", scoreKind, score)
                : String.format(Locale.ROOT, "%s %.3f", scoreKind, score);
    }

    public boolean inOther() {
        return otherRank > 0;
    }

    /** How this document moved relative to the other list: "▲3" (better here), "▼2", "=", "only here", or "". */
    public String shift() {
        if (otherRank < 0) {
            return "";
        }
        if (otherRank == 0) {
            return "only here";
        }
        int d = otherRank - rank;
        return d > 0 ? "▲" + d : d < 0 ? "▼" + (-d) : "=";
    }
}
