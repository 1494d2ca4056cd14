package dev.nsw.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one retriever returned: for each query id, its documents best first. A run is made in
 * {@link RankingOrder#TREC_EVAL} order (score descending, then document id descending): the constructor puts
 * every ranking in that order, so a run ranks the same in memory, in its TREC file and in trec_eval. Scores
 * must be finite.
 *
 * @param scoreKind what the scores are, for display ("cosine", "BM25", "probability")
 * @param order {@link Order#TREC_EVAL} for every run nsw makes or reads from a TREC file;
 *     {@link Order#AS_LISTED} only for the recipe's result file, which its evaluator ranks in line order
 */
public record RecallRun(String scoreKind, Map<String, List<ScoredDoc>> rankings, Order order) {
    /** How the documents of a ranking are ordered. */
    public enum Order {
        /** {@link RankingOrder#TREC_EVAL}: score descending, ties by document id descending. */
        TREC_EVAL,
        /** As the file listed them (the recipe's result file; its evaluator ranks lines in file order). */
        AS_LISTED
    }

    public RecallRun {
        Map<String, List<ScoredDoc>> copy = new LinkedHashMap<>();
        Order o = order;
        rankings.forEach((q, docs) -> {
            docs.forEach(d -> RankingOrder.requireFinite(q, d));
            copy.put(q, List.copyOf(o == Order.TREC_EVAL ? RankingOrder.sorted(docs) : docs));
        });
        rankings = Collections.unmodifiableMap(copy);
    }

    /** A run in {@link RankingOrder#TREC_EVAL} order (the rankings are sorted if they are not). */
    public RecallRun(String scoreKind, Map<String, List<ScoredDoc>> rankings) {
        this(scoreKind, rankings, Order.TREC_EVAL);
    }

    /** The ranking for a query, or an empty list when the retriever returned nothing for it. */
    public List<ScoredDoc> ranking(String queryId) {
        return rankings.getOrDefault(queryId, List.of());
    }

    /** Longest ranking length (the depth the run was recalled at). */
    public int depth() {
        return rankings.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** The same run with each ranking cut to its first {@code depth} documents. */
    public RecallRun truncated(int depth) {
        Map<String, List<ScoredDoc>> cut = new LinkedHashMap<>();
        rankings.forEach((q, docs) -> cut.put(q, docs.subList(0, Math.min(depth, docs.size()))));
        return new RecallRun(scoreKind, cut, order);
    }
}
