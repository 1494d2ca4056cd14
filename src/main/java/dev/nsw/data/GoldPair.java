package dev.nsw.data;

/**
 * One judged (query, relevant document) pair: a line of a recipe test file or a positive line of a BEIR
 * qrels file. It is the unit of the recipe's (micro) Recall@K: a pair is a hit when its document is in the
 * query's top K.
 *
 * @param line the line it came from (for messages), 0 when built in code
 * @param grade the relevance grade, the gain of the document in nDCG: a BEIR qrels score (1, 2, …); 1 for
 *     recipe pairs
 */
public record GoldPair(String queryId, String docId, long line, int grade) {
    public GoldPair {
        if (grade < 1) {
            throw new IllegalArgumentException("a gold pair's grade must be >= 1, got " + grade);
        }
    }

    /** A pair with grade 1 (binary relevance, as every recipe file has). */
    public GoldPair(String queryId, String docId, long line) {
        this(queryId, docId, line, 1);
    }
}
