package dev.nsw.eval;

import dev.nsw.data.ScoredDoc;
import java.util.List;

/**
 * A query's ranking as a {@link Scoring} sees it ({@link Scoring#scoredRanking}).
 *
 * @param hits the results that count, best first (ranks 1, 2, … are their positions here)
 * @param dropped results removed before scoring, each with the rank it had in the retriever's list; empty
 *     unless the scoring drops identical ids and the query found its own document
 */
public record ScoredRanking(List<ScoredDoc> hits, List<Dropped> dropped) {
    public ScoredRanking {
        hits = List.copyOf(hits);
        dropped = List.copyOf(dropped);
    }

    /**
     * A result that does not count.
     *
     * @param retrievedRank its 1-based rank in the retriever's list
     * @param reason one line for the user
     */
    public record Dropped(ScoredDoc doc, int retrievedRank, String reason) {
        public static final String OWN_ID =
                "the query's own document: a query's own id is never a hit (BEIR's ignore_identical_ids)";
    }
}
