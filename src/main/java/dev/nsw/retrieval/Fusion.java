package dev.nsw.retrieval;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Hybrid retrieval: one ranking per query made from a lexical and a dense run of the same queries.
 *
 * <p><b>Reciprocal-rank fusion</b> (Cormack, Clarke and Büttcher, SIGIR 2009): a document's score is
 * {@code Σ_runs 1 / (k + rank)}, rank counted from 1, a run that did not return the document adding 0.
 * Only ranks are used, so BM25's unbounded scores and cosines need no common scale; k = 60 is the paper's
 * value and the usual default.
 *
 * <p><b>Convex combination</b>: {@code score = w · dense' + (1 − w) · lexical'}, where {@code x'} is the
 * score min-max normalised within the query's list ({@code (x − min) / (max − min)}, 1 when all are equal),
 * and a document missing from a list gets 0 there (the list's minimum). {@code w = 1} is the dense run
 * alone, {@code w = 0} the lexical run alone (on the documents either returned). The weight is a
 * property of the data, so it is tuned on a dev split ({@link #tuneWeight}) and never on test.
 *
 * <p><b>Z-score fusion</b> ({@link ZScore}): each list's scores standardised within the query, {@code z = (x − μ) / σ}
 * over the list's first {@value #Z_DEPTH} documents (a document missing from a list gets that list's lowest z), then
 * {@code score = w · z_dense + (1 − w) · z_lexical}. Unlike min-max, a list whose top document stands far above the
 * rest gives it a large score, and a flat list (no clear winner) gives little; standardising over a fixed depth keeps
 * the scores independent of how deep the first stages went.
 *
 * <p><b>Label-free</b> ({@link LabelFree}, what {@code nsw recall --mode hybrid} does when given no weight and no dev
 * set): z-score fusion with the dense weight taken from the queries being fused, without judgements —
 * {@code w = ẑ_dense³ / (ẑ_dense³ + ẑ_lexical³)}, where {@code ẑ} is a retriever's mean, over the queries, of its
 * top document's z: how decisively it picks a winner. A retriever that usually has a clear best document gets the
 * larger say; two equally decisive ones share equally. The cube (rather than 1 or 2) and the depth were chosen on
 * the dev splits of ten sets (README, <i>Label-free fusion</i>); {@link #labelFree} gives the weight with the
 * numbers behind it and a one-line reason.
 *
 * <p>Ties are broken by document id, descending ({@link dev.nsw.data.RankingOrder}, the order trec_eval gives
 * tied scores when it reads a run), so a fused run ranks the same in memory, in its TREC file and on every machine.
 */
public final class Fusion {
    /** RRF's k, from the paper. */
    public static final int RRF_K = 60;

    /** The weights {@link #tuneWeight} tries: 0, 0.05, …, 1. */
    public static final int WEIGHT_STEPS = 20;

    /** Documents of each list that z-score fusion standardises over and fuses. */
    public static final int Z_DEPTH = 100;

    /** The power of the mean top-document z in the label-free weight (chosen on dev splits; see the class note). */
    public static final int LABEL_FREE_POWER = 3;

    private Fusion() {}

    /** How two runs are fused; {@link #describe()} names the settings for result tables and run records. */
    public sealed interface Method permits Rrf, Convex, ZScore, LabelFree {
        String describe();
    }

    /** Reciprocal-rank fusion with constant {@code k}. */
    public record Rrf(int k) implements Method {
        public Rrf {
            if (k < 0) {
                throw new IllegalArgumentException("RRF k must be >= 0, got " + k);
            }
        }

        @Override
        public String describe() {
            return "rrf k=" + k;
        }
    }

    /** Convex combination with dense weight {@code weight} in [0, 1]. */
    public record Convex(double weight) implements Method {
        public Convex {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("hybrid weight must be in [0, 1], got " + weight);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "convex w_dense=%.2f", weight);
        }
    }

    /** Z-score fusion with dense weight {@code weight} in [0, 1] (see the class note). */
    public record ZScore(double weight) implements Method {
        public ZScore {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("hybrid weight must be in [0, 1], got " + weight);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "zscore w_dense=%.2f", weight);
        }
    }

    /**
     * Z-score fusion whose weight is chosen from the runs being fused, without judgements ({@link #labelFree}):
     * over a query set when a set is fused, over the one query when one is (a search service, a search panel).
     */
    public record LabelFree() implements Method {
        @Override
        public String describe() {
            return "label-free zscore";
        }
    }

    /**
     * The label-free weight of two runs and why.
     *
     * @param method the z-score fusion with the weight chosen
     * @param lexicalTopZ the lexical run's mean top-document z (ẑ), over {@code queries}
     * @param denseTopZ the dense run's
     * @param queries queries with a document in both runs, which the means are over
     */
    public record LabelFreeChoice(ZScore method, double lexicalTopZ, double denseTopZ, int queries) {
        /** One line for a terminal, a run's settings or a GUI label. */
        public String reason() {
            if (queries == 0) {
                return "label-free z-score fusion, dense weight 0.50: no query with results in both lists to weigh them on";
            }
            return String.format(
                    Locale.ROOT,
                    "label-free z-score fusion, dense weight %.2f: the dense top hit stands %.2f sd above its list, BM25's %.2f"
                            + " (mean over %,d %s; weight ∝ that cubed)",
                    method.weight(),
                    denseTopZ,
                    lexicalTopZ,
                    queries,
                    queries == 1 ? "query" : "queries");
        }
    }

    /**
     * The label-free weight of {@code lexical} and {@code dense}: {@code w = ẑ_dense³ / (ẑ_dense³ + ẑ_lexical³)},
     * ẑ the mean over the queries both runs answered of the top document's z in its own list (0.5 when neither
     * has a positive ẑ).
     */
    public static LabelFreeChoice labelFree(RecallRun lexical, RecallRun dense) {
        double sumLexical = 0;
        double sumDense = 0;
        int n = 0;
        for (Map.Entry<String, List<ScoredDoc>> e : lexical.rankings().entrySet()) {
            List<ScoredDoc> a = e.getValue();
            List<ScoredDoc> b = dense.ranking(e.getKey());
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            sumLexical += topZ(a);
            sumDense += topZ(b);
            n++;
        }
        double zl = n == 0 ? 0 : sumLexical / n;
        double zd = n == 0 ? 0 : sumDense / n;
        double a = Math.pow(Math.max(0, zl), LABEL_FREE_POWER);
        double b = Math.pow(Math.max(0, zd), LABEL_FREE_POWER);
        double w = a + b > 0 ? b / (a + b) : 0.5;
        return new LabelFreeChoice(new ZScore(w), zl, zd, n);
    }

    /** The z of a list's first document over its first {@link #Z_DEPTH} (0 for a flat or one-document list). */
    static double topZ(List<ScoredDoc> ranking) {
        Moments m = Moments.of(ranking);
        return m.z(ranking.getFirst().score());
    }

    /** Mean and population standard deviation of a list's first {@link #Z_DEPTH} scores. */
    private record Moments(double mean, double sd) {
        static Moments of(List<ScoredDoc> ranking) {
            int n = Math.min(Z_DEPTH, ranking.size());
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += ranking.get(i).score();
            }
            double mean = n == 0 ? 0 : sum / n;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double d = ranking.get(i).score() - mean;
                sq += d * d;
            }
            return new Moments(mean, n == 0 ? 0 : Math.sqrt(sq / n));
        }

        double z(double x) {
            return sd > 0 ? (x - mean) / sd : 0;
        }
    }

    /**
     * Fuses {@code lexical} and {@code dense} query by query with {@code method}, keeping the best
     * {@code depth} documents. Queries missing from one run are fused with an empty list there. A {@link LabelFree}
     * method is first resolved to its z-score weight over these runs ({@link #labelFree}).
     */
    public static RecallRun fuse(RecallRun lexical, RecallRun dense, Method method, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (method instanceof LabelFree) {
            method = labelFree(lexical, dense).method();
        }
        Set<String> queries = new LinkedHashSet<>(lexical.rankings().keySet());
        queries.addAll(dense.rankings().keySet());
        Map<String, List<ScoredDoc>> fused = new LinkedHashMap<>();
        for (String q : queries) {
            List<ScoredDoc> a = lexical.ranking(q);
            List<ScoredDoc> b = dense.ranking(q);
            Map<String, Double> scores = switch (method) {
                case Rrf rrf -> rrf(a, b, rrf.k());
                case Convex c -> convex(a, b, c.weight());
                case ZScore z -> zscore(a, b, z.weight());
                case LabelFree f -> throw new AssertionError("resolved above");
            };
            fused.put(q, top(scores, depth));
        }
        return new RecallRun("hybrid " + method.describe(), fused);
    }

    private static Map<String, Double> rrf(List<ScoredDoc> a, List<ScoredDoc> b, int k) {
        Map<String, Double> s = new HashMap<>();
        for (List<ScoredDoc> run : List.of(a, b)) {
            for (int i = 0; i < run.size(); i++) {
                s.merge(run.get(i).docId(), 1.0 / (k + i + 1), Double::sum);
            }
        }
        return s;
    }

    private static Map<String, Double> convex(List<ScoredDoc> lexical, List<ScoredDoc> dense, double w) {
        Map<String, Double> lex = normalised(lexical);
        Map<String, Double> den = normalised(dense);
        Map<String, Double> s = new HashMap<>();
        Set<String> docs = new LinkedHashSet<>(lex.keySet());
        docs.addAll(den.keySet());
        for (String d : docs) {
            s.put(d, w * den.getOrDefault(d, 0.0) + (1 - w) * lex.getOrDefault(d, 0.0));
        }
        return s;
    }

    private static Map<String, Double> zscore(List<ScoredDoc> lexical, List<ScoredDoc> dense, double w) {
        Map<String, Double> lex = standardised(lexical);
        Map<String, Double> den = standardised(dense);
        double lexMissing =
                lex.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double denMissing =
                den.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        Map<String, Double> s = new HashMap<>();
        Set<String> docs = new LinkedHashSet<>(lex.keySet());
        docs.addAll(den.keySet());
        for (String d : docs) {
            s.put(d, w * den.getOrDefault(d, denMissing) + (1 - w) * lex.getOrDefault(d, lexMissing));
        }
        return s;
    }

    /**
     * A list's first {@link #Z_DEPTH} documents, each with its z over them; a document listed twice keeps its best.
     */
    static Map<String, Double> standardised(List<ScoredDoc> run) {
        Map<String, Double> out = new HashMap<>();
        Moments m = Moments.of(run);
        for (int i = 0; i < Math.min(Z_DEPTH, run.size()); i++) {
            out.merge(run.get(i).docId(), m.z(run.get(i).score()), Math::max);
        }
        return out;
    }

    /** Min-max normalisation within one list: (x − min) / (max − min); 1 for every document when max = min. */
    static Map<String, Double> normalised(List<ScoredDoc> run) {
        Map<String, Double> out = new HashMap<>();
        if (run.isEmpty()) {
            return out;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ScoredDoc d : run) {
            min = Math.min(min, d.score());
            max = Math.max(max, d.score());
        }
        double range = max - min;
        for (ScoredDoc d : run) {
            // A document listed twice keeps its best score, as a ranking would.
            out.merge(d.docId(), range > 0 ? (d.score() - min) / range : 1.0, Math::max);
        }
        return out;
    }

    private static List<ScoredDoc> top(Map<String, Double> scores, int depth) {
        List<ScoredDoc> all = new ArrayList<>(scores.size());
        scores.forEach((d, s) -> all.add(new ScoredDoc(d, s)));
        all.sort(dev.nsw.data.RankingOrder.TREC_EVAL);
        return List.copyOf(all.subList(0, Math.min(depth, all.size())));
    }

    /**
     * The outcome of tuning: the chosen weight, its objective value on the dev runs, and every weight tried
     * with its value (for a curve in a report).
     */
    public record Tuning(double weight, double objective, Map<Double, Double> curve) {
        public Convex method() {
            return new Convex(weight);
        }

        /**
         * The curve as text, one {@code weight:objective} per weight tried, space-separated ({@code 0.00:0.4123
         * 0.05:0.4187 …}): what the CLI prints after "curve w:nDCG@10" and a Compare run saves as its
         * {@code tuning_curve}.
         */
        public String curveText() {
            StringBuilder text = new StringBuilder();
            curve.forEach(
                    (w, v) -> text.append(String.format(Locale.ROOT, "%s%.2f:%.4f", text.isEmpty() ? "" : " ", w, v)));
            return text.toString();
        }
    }

    /**
     * Chooses the convex weight that maximises {@code objective} (e.g. nDCG@10 of the fused run against the
     * dev qrels) over {@code 0, 1/WEIGHT_STEPS, …, 1}, on runs of a <em>dev</em> split. Ties go to the weight
     * closest to 0.5, then the smaller one, so a flat objective gives an even mix rather than an extreme.
     */
    public static Tuning tuneWeight(
            RecallRun lexicalDev, RecallRun denseDev, int depth, ToDoubleFunction<RecallRun> objective) {
        Map<Double, Double> curve = new LinkedHashMap<>();
        double bestW = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= WEIGHT_STEPS; i++) {
            double w = (double) i / WEIGHT_STEPS;
            double value = objective.applyAsDouble(fuse(lexicalDev, denseDev, new Convex(w), depth));
            curve.put(w, value);
            boolean better = value > best + 1e-12
                    || Math.abs(value - best) <= 1e-12 && Math.abs(w - 0.5) < Math.abs(bestW - 0.5) - 1e-12;
            if (better) {
                best = value;
                bestW = w;
            }
        }
        return new Tuning(bestW, best, curve);
    }
}
