package dev.nsw.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one retriever returned: for each query id, its documents best first. The order is the ranking;
 * scores are kept for display and for writing result files, never re-sorted here.
 *
 * @param scoreKind what the scores are, for display ("cosine", "BM25", "probability")
 */
public record RecallRun(String scoreKind, Map<String, List<ScoredDoc>> rankings) {
    public RecallRun {
        Map<String, List<ScoredDoc>> copy = new LinkedHashMap<>();
        rankings.forEach((q, docs) -> copy.put(q, List.copyOf(docs)));
        rankings = Collections.unmodifiableMap(copy);
    }

    /** The ranking for a query, or an empty list when the retriever returned nothing for it. */
    public List<ScoredDoc> ranking(String queryId) {
        return rankings.getOrDefault(queryId, List.of());
    }

    /** Longest ranking length (the depth the run was recalled at). */
    public int depth() {
        return rankings.values().stream().mapToInt(List::size).max().orElse(0);
    }
}
