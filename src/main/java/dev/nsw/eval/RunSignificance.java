package dev.nsw.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Paired significance of each run against a baseline (the first run) on R@10, MRR@10 and nDCG@10, from the
 * per-query values {@link RetrievalMetrics} computed ({@link QueryOutcome}). The difference is run − baseline,
 * so a positive difference means the run is better. With more than one run against the baseline, the
 * randomization p-values of one metric form a family and are Holm-adjusted ({@link PairedSignificance#holm});
 * a cell is significant when its adjusted p ≤ {@link #ALPHA}.
 *
 * @param baseline the run every other run is compared with
 * @param queries the number of paired queries
 * @param comparisons one per (run, metric), runs in the order given, metrics in {@link Metric} order
 */
public record RunSignificance(
        String baseline, int queries, PairedSignificance.Options options, List<Comparison> comparisons) {
    public static final double ALPHA = 0.05;

    /** The per-query metrics tested; Recall@10 is reported in percentage points like the metrics table. */
    public enum Metric {
        RECALL_10("R@10", 100, QueryOutcome::recall10),
        MRR_10("MRR@10", 1, QueryOutcome::reciprocalRank10),
        NDCG_10("nDCG@10", 1, QueryOutcome::ndcg10);

        private final String label;
        private final double scale;
        private final ToDoubleFunction<QueryOutcome> perQuery;

        Metric(String label, double scale, ToDoubleFunction<QueryOutcome> perQuery) {
            this.label = label;
            this.scale = scale;
            this.perQuery = perQuery;
        }

        public String label() {
            return label;
        }

        /** Per-query values on the table's scale (R@10 × 100). */
        public double value(QueryOutcome o) {
            return scale * perQuery.applyAsDouble(o);
        }
    }

    /**
     * One run against the baseline on one metric.
     *
     * @param holmP the randomization p after Holm's adjustment over the runs compared on this metric (equal to
     *     the raw p when only one run is compared)
     */
    public record Comparison(String run, Metric metric, PairedSignificance.Result result, double holmP) {
        public boolean significant() {
            return holmP <= ALPHA;
        }

        /** "▲" when the run is significantly better than the baseline, "▼" when worse, "" otherwise. */
        public String mark() {
            return !significant() ? "" : result.meanDiff() > 0 ? "▲" : "▼";
        }
    }

    public RunSignificance {
        comparisons = List.copyOf(comparisons);
    }

    /** A run's name and its metrics on the evaluation set. */
    public record NamedReport(String name, MetricsReport report) {}

    /**
     * Tests every run of {@code runs} after the first against the first.
     *
     * @throws IllegalArgumentException with fewer than two runs, or runs scored on different query sets
     */
    public static RunSignificance against(List<NamedReport> runs, PairedSignificance.Options options) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("significance needs at least two runs, got " + runs.size());
        }
        NamedReport base = runs.getFirst();
        Map<String, QueryOutcome> baseById = new LinkedHashMap<>();
        base.report().perQuery().forEach(o -> baseById.put(o.queryId(), o));
        List<NamedReport> others = runs.subList(1, runs.size());
        PairedSignificance.Result[][] results = new PairedSignificance.Result[others.size()][Metric.values().length];
        for (int r = 0; r < others.size(); r++) {
            NamedReport run = others.get(r);
            List<QueryOutcome> outcomes = run.report().perQuery();
            if (outcomes.size() != baseById.size()) {
                throw new IllegalArgumentException("the runs were scored on different sets: " + base.name() + " has "
                        + baseById.size() + " queries, " + run.name() + " has " + outcomes.size());
            }
            for (Metric m : Metric.values()) {
                double[] a = new double[outcomes.size()];
                double[] b = new double[outcomes.size()];
                for (int i = 0; i < outcomes.size(); i++) {
                    QueryOutcome o = outcomes.get(i);
                    QueryOutcome baseOutcome = baseById.get(o.queryId());
                    if (baseOutcome == null) {
                        throw new IllegalArgumentException("query '" + o.queryId() + "' of " + run.name()
                                + " is not in " + base.name() + ": the runs were scored on different sets");
                    }
                    a[i] = m.value(o);
                    b[i] = m.value(baseOutcome);
                }
                results[r][m.ordinal()] = PairedSignificance.test(a, b, options);
            }
        }
        Comparison[][] cells = new Comparison[others.size()][Metric.values().length];
        for (Metric m : Metric.values()) {
            double[] p = new double[others.size()];
            for (int r = 0; r < others.size(); r++) {
                p[r] = results[r][m.ordinal()].randomizationP();
            }
            double[] adjusted = PairedSignificance.holm(p);
            for (int r = 0; r < others.size(); r++) {
                cells[r][m.ordinal()] = new Comparison(others.get(r).name(), m, results[r][m.ordinal()], adjusted[r]);
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (Comparison[] row : cells) {
            comparisons.addAll(List.of(row));
        }
        return new RunSignificance(base.name(), baseById.size(), options, comparisons);
    }

    /** The comparison of {@code run} on {@code metric}, if that run was compared. */
    public Optional<Comparison> find(String run, Metric metric) {
        return comparisons.stream()
                .filter(c -> c.run().equals(run) && c.metric() == metric)
                .findFirst();
    }

    /** How the numbers were made, in one paragraph for the CLI and the GUI. */
    public String method() {
        int runs = (int) comparisons.stream().map(Comparison::run).distinct().count();
        String correction = runs > 1
                ? "Holm-adjusted over the " + runs + " runs compared with the baseline, per metric"
                : "one comparison, no correction";
        return String.format(
                Locale.ROOT,
                "Paired over %,d queries, difference = run − %s. p perm: two-sided sign-flip "
                        + "randomization test (exact when ≤ %d queries differ, else %,d random flips, seed %d); p t: paired "
                        + "t-test; 95%% CI: percentile bootstrap of the mean difference (%,d resamples, same seed); "
                        + "p Holm: %s. ▲/▼ = significantly better/worse at α = %.2f (p Holm).",
                queries,
                baseline,
                PairedSignificance.MAX_EXACT_NONZERO,
                options.permutations(),
                options.seed(),
                options.bootstrap(),
                correction,
                ALPHA);
    }
}
