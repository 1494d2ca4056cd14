package dev.nsw.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * How a model scores positive pairs against in-batch negatives: for n (query, target) pairs embedded as
 * unit vectors, the positive scores are cos(q<sub>i</sub>, t<sub>i</sub>) and the negative scores are
 * cos(q<sub>i</sub>, t<sub>j</sub>) for every j ≠ i — the other pairs' targets, exactly the negatives an
 * in-batch-negatives loss sees when all n pairs share one batch. A negative that scores higher than most
 * positives is a candidate false negative (an unlabelled paraphrase), or a hard negative worth a look.
 *
 * <p>The <b>margin</b> reported is mean positive cosine − mean negative cosine: how far apart the two
 * distributions sit on average. The <b>overlap</b> is the share of negatives scoring at or above their own
 * query's positive (those that would outrank the gold target were both in the index).
 *
 * <p>With keys ({@link #of(float[][], float[][], int, List, List)}), a pair's target is not a negative of a query
 * that also has it as a gold target: a claim judged against two abstracts is two pairs, and each abstract is that
 * claim's positive, not its negative (nor is another copy of the same text). Those known positives are left out of
 * the negatives, counted in {@link #knownPositivesLeftOut()}; without keys every j ≠ i counts, as an in-batch loss
 * sees them.
 */
public final class ScoreDistribution {
    /** A negative (query i, target j ≠ i) with its cosine and its query's positive cosine. */
    public record ScoredNegative(int query, int target, double score, double positiveScore) {}

    private final double[] positives;
    private final double[] negatives;
    private final List<ScoredNegative> hardest;
    private final long negativesAbovePositive;
    private final long knownPositivesLeftOut;

    private ScoreDistribution(
            double[] positives, double[] negatives, List<ScoredNegative> hardest, long above, long leftOut) {
        this.positives = positives;
        this.negatives = negatives;
        this.hardest = hardest;
        this.negativesAbovePositive = above;
        this.knownPositivesLeftOut = leftOut;
    }

    /**
     * Scores every (query, target) combination.
     *
     * @param queries [n][d] query embeddings (unit length, as {@code Encoder.embed} returns them)
     * @param targets [n][d] target embeddings; row i is query i's positive
     * @param keepHardest how many of the highest-scoring negatives to keep (≥ 0)
     * @throws IllegalArgumentException when the shapes disagree or there are fewer than 2 pairs
     */
    public static ScoreDistribution of(float[][] queries, float[][] targets, int keepHardest) {
        return of(queries, targets, keepHardest, null, null);
    }

    /**
     * {@link #of(float[][], float[][], int)} with the pairs' texts as keys: target j is left out of query i's
     * negatives when some pair (query i's key, target j's key) is among the pairs — query i's own gold, under this
     * pair or another one of the same query (a multi-gold claim, a duplicate text).
     *
     * @param queryKeys row i's query key (its text); null: no keys, every j ≠ i is a negative
     * @param targetKeys row i's target key (its text)
     */
    public static ScoreDistribution of(
            float[][] queries, float[][] targets, int keepHardest, List<String> queryKeys, List<String> targetKeys) {
        if (queries.length != targets.length) {
            throw new IllegalArgumentException(
                    "queries and targets differ in count: " + queries.length + " vs " + targets.length);
        }
        if (queries.length < 2) {
            throw new IllegalArgumentException("need at least 2 pairs to have negatives, got " + queries.length);
        }
        if (keepHardest < 0) {
            throw new IllegalArgumentException("keepHardest must be >= 0, got " + keepHardest);
        }
        int n = queries.length;
        int d = queries[0].length;
        for (int i = 0; i < n; i++) {
            if (queries[i].length != d || targets[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has dimension " + queries[i].length + "/"
                        + targets[i].length + ", expected " + d);
            }
        }
        if ((queryKeys == null) != (targetKeys == null)
                || queryKeys != null && (queryKeys.size() != n || targetKeys.size() != n)) {
            throw new IllegalArgumentException("give a query key and a target key for each of the " + n + " pairs");
        }
        java.util.Set<List<String>> gold = new java.util.HashSet<>();
        if (queryKeys != null) {
            for (int i = 0; i < n; i++) {
                gold.add(List.of(queryKeys.get(i), targetKeys.get(i)));
            }
        }
        double[] pos = new double[n];
        for (int i = 0; i < n; i++) {
            pos[i] = dot(queries[i], targets[i]);
        }
        double[] neg = new double[n * (n - 1)];
        PriorityQueue<ScoredNegative> top = new PriorityQueue<>(Comparator.comparingDouble(ScoredNegative::score));
        long above = 0;
        long leftOut = 0;
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                if (queryKeys != null && gold.contains(List.of(queryKeys.get(i), targetKeys.get(j)))) {
                    leftOut++; // query i's own gold under another pair: a known positive, not a negative
                    continue;
                }
                double s = dot(queries[i], targets[j]);
                neg[at++] = s;
                if (s >= pos[i]) {
                    above++;
                }
                if (keepHardest > 0
                        && (top.size() < keepHardest || s > top.peek().score())) {
                    top.add(new ScoredNegative(i, j, s, pos[i]));
                    if (top.size() > keepHardest) {
                        top.poll();
                    }
                }
            }
        }
        List<ScoredNegative> hardest = new ArrayList<>(top);
        hardest.sort(Comparator.comparingDouble(ScoredNegative::score).reversed());
        return new ScoreDistribution(pos, Arrays.copyOf(neg, at), List.copyOf(hardest), above, leftOut);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    public double[] positives() {
        return positives.clone();
    }

    public double[] negatives() {
        return negatives.clone();
    }

    public double meanPositive() {
        return Arrays.stream(positives).average().orElse(Double.NaN);
    }

    public double meanNegative() {
        return Arrays.stream(negatives).average().orElse(Double.NaN);
    }

    /** Mean positive cosine − mean negative cosine. */
    public double margin() {
        return meanPositive() - meanNegative();
    }

    /** Share (0–1) of negatives scoring at or above their own query's positive. */
    public double overlap() {
        return negatives.length == 0 ? 0 : (double) negativesAbovePositive / negatives.length;
    }

    /** (query, target) combinations left out of the negatives because the target is a gold of that query. */
    public long knownPositivesLeftOut() {
        return knownPositivesLeftOut;
    }

    /** The highest-scoring negatives, best first: the likeliest false negatives. */
    public List<ScoredNegative> hardest() {
        return hardest;
    }

    /**
     * Counts of {@code values} in {@code bins} equal-width bins over [min, max]; values outside are clamped
     * into the first or last bin.
     */
    public static long[] histogram(double[] values, int bins, double min, double max) {
        if (bins < 1 || !(max > min)) {
            throw new IllegalArgumentException(
                    "need bins >= 1 and max > min, got " + bins + ", [" + min + ", " + max + "]");
        }
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        for (double v : values) {
            int b = (int) Math.floor((v - min) / width);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return counts;
    }
}
