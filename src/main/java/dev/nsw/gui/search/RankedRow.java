package dev.nsw.gui.search;

/**
 * A line of one of the Search panel's lists: a hit with its rank among the hits, or a result the workspace's scoring
 * drops (a BEIR query's own document), shown greyed with the rank the retriever gave it.
 */
interface RankedRow {
    /** 1-based rank among the list's hits; for a dropped result, the rank it had in the retriever's list. */
    int rank();

    /** Why this result is not a hit ({@code eval.ScoredRanking.Dropped#reason}), null for a hit. */
    String dropped();

    /** A result that does not count: shown greyed, without a rank of its own. */
    default boolean isDropped() {
        return dropped() != null;
    }

    /** "3" for a hit; "–" for a dropped result (its retrieved rank is in {@link #droppedNote()}). */
    default String rankText() {
        return isDropped() ? "–" : Integer.toString(rank());
    }

    /** For a dropped result: "retrieved at rank 1, not counted: …"; empty for a hit. */
    default String droppedNote() {
        return isDropped() ? "retrieved at rank " + rank() + ", not counted: " + dropped() : "";
    }
}
