package dev.nsw.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of one run on one evaluation set. Recall values are percentages (0–100); MRR and nDCG are
 * fractions (0–1), as BEIR and trec_eval print them.
 *
 * @param scoring which definitions produced the numbers ({@link Scoring#describe()}), for table footers
 */
public record MetricsReport(
        String dataset,
        int goldPairs,
        int queries,
        Map<Integer, Double> recallAt,
        double mrr10,
        double ndcg10,
        List<QueryOutcome> perQuery,
        String scoring) {

    public MetricsReport {
        recallAt = Collections.unmodifiableMap(new LinkedHashMap<>(recallAt));
        perQuery = List.copyOf(perQuery);
    }

    /** A report scored the recipe's way. */
    public MetricsReport(
            String dataset,
            int goldPairs,
            int queries,
            Map<Integer, Double> recallAt,
            double mrr10,
            double ndcg10,
            List<QueryOutcome> perQuery) {
        this(
                dataset,
                goldPairs,
                queries,
                recallAt,
                mrr10,
                ndcg10,
                perQuery,
                Scoring.recipe().describe());
    }

    /** Recall@k in percent, rounded to three decimals as the recipe prints it. */
    public double recall(int k) {
        Double r = recallAt.get(k);
        if (r == null) {
            throw new IllegalArgumentException("Recall@" + k + " was not computed; cut-offs: " + recallAt.keySet());
        }
        return round3(r);
    }

    public static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** Column headers of {@link #row()}. */
    public List<String> header() {
        List<String> h = new ArrayList<>();
        recallAt.keySet().forEach(k -> h.add("R@" + k));
        h.add("MRR@10");
        h.add("nDCG@10");
        return h;
    }

    /** Values formatted as the CLI and CSV exports print them. */
    public List<String> row() {
        List<String> r = new ArrayList<>();
        recallAt.keySet().forEach(k -> r.add(String.format(Locale.ROOT, "%.3f", recall(k))));
        r.add(String.format(Locale.ROOT, "%.4f", mrr10));
        r.add(String.format(Locale.ROOT, "%.4f", ndcg10));
        return r;
    }

    /** A JSON-friendly summary without the per-query list. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("queries", queries);
        m.put("gold_pairs", goldPairs);
        recallAt.keySet().forEach(k -> m.put("recall@" + k, recall(k)));
        m.put("mrr@10", round4(mrr10));
        m.put("ndcg@10", round4(ndcg10));
        m.put("scoring", scoring);
        return m;
    }

    private static double round4(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
