package dev.nsw.eval;

import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a {@link RecallRun} against a {@link RetrievalDataset}.
 *
 * <ul>
 *   <li><b>Recall@K</b>, as the recipe defines it: the share of judged (query, gold) pairs whose gold
 *       document is among the query's top K, × 100. With one gold target per query this is exactly the
 *       recipe's "share of queries whose target is in the top K"; a query listed twice with two targets
 *       counts as two pairs (the recipe's evaluator keeps only its last target).
 *   <li><b>MRR@10</b>: mean over queries of 1 / rank of the first relevant document in the top 10 (0 if
 *       none).
 *   <li><b>nDCG@10</b>: binary relevance; DCG = Σ_{i ≤ 10} rel_i / log2(i + 1), divided by the DCG of the
 *       ideal ranking (min(|relevant|, 10) relevant documents first); mean over queries.
 * </ul>
 *
 * <p>The run's order is the ranking: ties in score are not re-broken here. A document listed twice in one
 * ranking counts at its first position only. Queries the run has no ranking for score 0.
 */
public final class RetrievalMetrics {
    /** The cut-offs the recipe reports. */
    public static final int[] RECIPE_CUTOFFS = {1, 5, 10, 20, 50};

    private RetrievalMetrics() {}

    public static MetricsReport evaluate(RetrievalDataset dataset, RecallRun run) {
        return evaluate(dataset, run, RECIPE_CUTOFFS);
    }

    public static MetricsReport evaluate(RetrievalDataset dataset, RecallRun run, int[] cutoffs) {
        if (dataset.gold().isEmpty()) {
            throw new IllegalArgumentException("the evaluation set " + dataset.name() + " has no judged pairs");
        }
        Map<String, Map<String, Integer>> rankOf = new LinkedHashMap<>();
        for (Query q : dataset.queries()) {
            rankOf.put(q.id(), firstRanks(run.ranking(q.id())));
        }

        long[] hits = new long[cutoffs.length];
        for (GoldPair g : dataset.gold()) {
            Integer rank = rankOf.get(g.queryId()).get(g.docId());
            for (int i = 0; i < cutoffs.length; i++) {
                if (rank != null && rank <= cutoffs[i]) {
                    hits[i]++;
                }
            }
        }
        Map<Integer, Double> recall = new LinkedHashMap<>();
        for (int i = 0; i < cutoffs.length; i++) {
            recall.put(cutoffs[i], 100.0 * hits[i] / dataset.gold().size());
        }

        double mrrSum = 0;
        double ndcgSum = 0;
        List<QueryOutcome> outcomes = new ArrayList<>(dataset.queries().size());
        for (Query q : dataset.queries()) {
            Set<String> relevant = dataset.relevant(q.id());
            List<ScoredDoc> ranking = run.ranking(q.id());
            double rr = reciprocalRank(ranking, relevant, 10);
            double ndcg = ndcg(ranking, relevant, 10);
            mrrSum += rr;
            ndcgSum += ndcg;
            outcomes.add(new QueryOutcome(q.id(), firstRelevantRank(ranking, relevant), rr, ndcg,
                    recallAt(ranking, relevant, 10)));
        }
        int n = dataset.queries().size();
        return new MetricsReport(dataset.name(), dataset.gold().size(), n, recall, mrrSum / n, ndcgSum / n, outcomes);
    }

    /** Map of doc id → 1-based rank of its first occurrence. */
    private static Map<String, Integer> firstRanks(List<ScoredDoc> ranking) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (int i = 0; i < ranking.size(); i++) {
            ranks.putIfAbsent(ranking.get(i).docId(), i + 1);
        }
        return ranks;
    }

    /** 1-based rank of the first relevant document, or 0 when none was retrieved. */
    public static int firstRelevantRank(List<ScoredDoc> ranking, Set<String> relevant) {
        for (int i = 0; i < ranking.size(); i++) {
            if (relevant.contains(ranking.get(i).docId())) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Share of the relevant documents among the first k of the ranking (each counted once). */
    static double recallAt(List<ScoredDoc> ranking, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        Set<String> found = new HashSet<>();
        for (ScoredDoc d : ranking.subList(0, Math.min(k, ranking.size()))) {
            if (relevant.contains(d.docId())) {
                found.add(d.docId());
            }
        }
        return (double) found.size() / relevant.size();
    }

    static double reciprocalRank(List<ScoredDoc> ranking, Set<String> relevant, int k) {
        int rank = firstRelevantRank(ranking.subList(0, Math.min(k, ranking.size())), relevant);
        return rank == 0 ? 0 : 1.0 / rank;
    }

    static double ndcg(List<ScoredDoc> ranking, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        double dcg = 0;
        Set<String> seen = new HashSet<>();
        int position = 0;
        for (ScoredDoc d : ranking) {
            if (position == k) {
                break;
            }
            position++;
            if (seen.add(d.docId()) && relevant.contains(d.docId())) {
                dcg += 1.0 / log2(position + 1);
            }
        }
        double ideal = 0;
        for (int i = 1; i <= Math.min(relevant.size(), k); i++) {
            ideal += 1.0 / log2(i + 1);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
