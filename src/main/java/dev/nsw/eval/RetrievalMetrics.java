package dev.nsw.eval;

import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a {@link RecallRun} against a {@link RetrievalDataset}, the one scoring service of the CLI, the
 * trainer and the GUI. {@link Scoring} says which definitions; {@link Scoring#defaultsFor} follows the field
 * (the recipe's for recipe files, BEIR/trec_eval's for BEIR folders).
 *
 * <ul>
 *   <li><b>Recall@K</b>, × 100: {@link RecallDefinition#MICRO} (the recipe's: the share of judged
 *       (query, gold) pairs whose document is in the query's top K; a query listed twice with two targets
 *       counts as two pairs — the recipe's evaluator keeps only its last target) or
 *       {@link RecallDefinition#MACRO} (BEIR/trec_eval {@code recall_K}: per query
 *       |relevant ∩ top K| / |relevant|, then the mean over queries).
 *   <li><b>MRR@10</b>: mean over queries of 1 / rank of the first relevant document in the top 10 (0 if
 *       none).
 *   <li><b>nDCG@10</b> (trec_eval {@code ndcg_cut_10}): DCG = Σ_{i ≤ 10} g_i / log2(i + 1) with the
 *       judgement's grade as gain g_i (0 when unjudged), divided by the DCG of the ideal ranking (all judged
 *       grades, highest first, top 10); mean over queries. Recipe pairs all have grade 1: binary nDCG.
 * </ul>
 *
 * <p>The run's order is the ranking: a run is made in {@link dev.nsw.data.RankingOrder#TREC_EVAL} order (score
 * descending, ties by document id descending), the same order trec_eval reads its file in. A document listed twice in one
 * ranking counts at its first position only. Queries the run has no ranking for score 0. With
 * {@link Scoring#ignoreIdenticalIds()} a result whose doc id equals the query id is removed before the
 * cut-offs apply, as BEIR's {@code EvaluateRetrieval.evaluate} does. A judged document missing from the
 * corpus counts in every denominator and can never be a hit.
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {}

    /** Scores with the field's defaults for the set ({@link Scoring#defaultsFor}). */
    public static MetricsReport evaluate(RetrievalDataset dataset, RecallRun run) {
        return evaluate(dataset, run, Scoring.defaultsFor(dataset));
    }

    /** Scores with the set's default definitions at the given cut-offs. */
    public static MetricsReport evaluate(RetrievalDataset dataset, RecallRun run, int[] cutoffs) {
        return evaluate(
                dataset,
                run,
                Scoring.defaultsFor(dataset)
                        .withCutoffs(Arrays.stream(cutoffs).boxed().toList()));
    }

    public static MetricsReport evaluate(RetrievalDataset dataset, RecallRun run, Scoring scoring) {
        if (dataset.gold().isEmpty()) {
            throw new IllegalArgumentException("the evaluation set " + dataset.name() + " has no judged pairs");
        }
        List<Integer> cutoffs = scoring.cutoffsFor(run);
        long[] pairHits = new long[cutoffs.size()];
        double[] queryRecallSum = new double[cutoffs.size()];
        double mrrSum = 0;
        double ndcgSum = 0;
        List<QueryOutcome> outcomes = new ArrayList<>(dataset.queries().size());
        Map<String, Map<String, Integer>> rankOfByQuery = new LinkedHashMap<>();
        for (Query q : dataset.queries()) {
            List<ScoredDoc> ranking =
                    scoring.scoredRanking(q.id(), run.ranking(q.id())).hits();
            Map<String, Integer> rankOf = firstRanks(ranking);
            rankOfByQuery.put(q.id(), rankOf);
            Set<String> relevant = dataset.relevant(q.id());
            for (int i = 0; i < cutoffs.size(); i++) {
                int found = 0;
                for (String doc : relevant) {
                    Integer rank = rankOf.get(doc);
                    if (rank != null && rank <= cutoffs.get(i)) {
                        found++;
                    }
                }
                queryRecallSum[i] += relevant.isEmpty() ? 0 : (double) found / relevant.size();
            }
            double rr = reciprocalRank(ranking, relevant, 10);
            double ndcg = ndcg(ranking, dataset.grades(q.id()), 10);
            mrrSum += rr;
            ndcgSum += ndcg;
            outcomes.add(new QueryOutcome(
                    q.id(), firstRelevantRank(ranking, relevant), rr, ndcg, recallAt(ranking, relevant, 10)));
        }
        int n = dataset.queries().size();
        // Micro recall counts judged pairs as listed: a recipe query listed twice with one target counts twice.
        for (GoldPair g : dataset.gold()) {
            Integer rank = rankOfByQuery.get(g.queryId()).get(g.docId());
            for (int i = 0; i < cutoffs.size(); i++) {
                if (rank != null && rank <= cutoffs.get(i)) {
                    pairHits[i]++;
                }
            }
        }
        Map<Integer, Double> recall = new LinkedHashMap<>();
        for (int i = 0; i < cutoffs.size(); i++) {
            recall.put(
                    cutoffs.get(i),
                    switch (scoring.recall()) {
                        case MICRO -> 100.0 * pairHits[i] / dataset.gold().size();
                        case MACRO -> 100.0 * queryRecallSum[i] / n;
                    });
        }
        return new MetricsReport(
                dataset.name(),
                dataset.gold().size(),
                n,
                recall,
                mrrSum / n,
                ndcgSum / n,
                outcomes,
                scoring.describe());
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

    /** nDCG@k with {@code grades} (doc id → grade ≥ 1) as gains; 0 for a query with no judgements. */
    static double ndcg(List<ScoredDoc> ranking, Map<String, Integer> grades, int k) {
        if (grades.isEmpty()) {
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
            if (seen.add(d.docId())) {
                dcg += grades.getOrDefault(d.docId(), 0) / log2(position + 1);
            }
        }
        List<Integer> ideal = new ArrayList<>(grades.values());
        ideal.sort(Comparator.reverseOrder());
        double idcg = 0;
        for (int i = 0; i < Math.min(ideal.size(), k); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return dcg / idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
