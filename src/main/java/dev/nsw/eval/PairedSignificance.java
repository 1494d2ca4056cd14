package dev.nsw.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Is the difference between two runs real? Paired tests over per-query metric values of run A and run B on
 * the same queries, with d_i = a_i − b_i and n queries:
 *
 * <ul>
 *   <li><b>Paired randomization (sign-flip) test</b>, two-sided: under H0 (the runs are exchangeable per
 *       query) each d_i is as likely as −d_i, so the p-value is the share of the 2^n sign assignments whose
 *       |Σ ±d_i| is at least the observed |Σ d_i|. Queries with d_i = 0 do not change the sum, so with at
 *       most {@link #MAX_EXACT_NONZERO} non-zero differences all assignments are enumerated (the exact
 *       p-value); otherwise {@code permutations} random assignments from a fixed seed give
 *       p = (1 + #{|Σ ±d_i| ≥ |Σ d_i|}) / (1 + permutations), which never reports 0.
 *   <li><b>Paired t-test</b>, two-sided: t = mean(d) / (sd(d) / √n), sd with n − 1, df = n − 1,
 *       p = I_{df/(df+t²)}(df/2, 1/2) (the regularized incomplete beta, {@link #studentTwoSidedP}).
 *   <li><b>95% bootstrap confidence interval</b> of mean(d): {@code bootstrap} resamples of the n queries with
 *       replacement from a fixed seed; the 2.5th and 97.5th percentiles of the resampled means.
 * </ul>
 *
 * <p>For more than one comparison, {@link #holm} adjusts the p-values (Holm–Bonferroni step-down).
 * Ties in |Σ| are compared with a relative tolerance of 1e-12 so that sums of the same numbers in a
 * different order count as equal.
 */
public final class PairedSignificance {
    /** Up to this many non-zero differences the sign-flip distribution is enumerated (2^20 ≈ 1M sums). */
    public static final int MAX_EXACT_NONZERO = 20;

    public static final int DEFAULT_PERMUTATIONS = 10_000;
    public static final int DEFAULT_BOOTSTRAP = 10_000;
    public static final long DEFAULT_SEED = 42;

    private PairedSignificance() {}

    /**
     * The tests' settings.
     *
     * @param permutations random sign assignments when the test is not exact (at least 10,000)
     * @param bootstrap resamples for the confidence interval
     * @param seed one seed for both, so a rerun prints the same numbers
     */
    public record Options(int permutations, int bootstrap, long seed) {
        public Options {
            if (permutations < 10_000) {
                throw new IllegalArgumentException("permutations must be >= 10000, got " + permutations);
            }
            if (bootstrap < 1_000) {
                throw new IllegalArgumentException("bootstrap resamples must be >= 1000, got " + bootstrap);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_PERMUTATIONS, DEFAULT_BOOTSTRAP, DEFAULT_SEED);
        }
    }

    /**
     * The outcome for one metric.
     *
     * @param n queries paired
     * @param meanDiff mean(a − b)
     * @param randomizationP two-sided p of the sign-flip test
     * @param exact true when all 2^(non-zero differences) sign assignments were enumerated
     * @param t the t statistic (±∞ when all differences are equal and non-zero, 0 when all are 0)
     * @param tTestP two-sided p of the paired t-test
     * @param ciLow lower end of the 95% bootstrap interval of meanDiff
     * @param ciHigh upper end
     */
    public record Result(
            int n,
            double meanA,
            double meanB,
            double meanDiff,
            double randomizationP,
            boolean exact,
            double t,
            int df,
            double tTestP,
            double ciLow,
            double ciHigh) {}

    public static Result test(double[] a, double[] b) {
        return test(a, b, Options.defaults());
    }

    public static Result test(double[] a, double[] b, Options options) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired tests need the same queries: " + a.length + " vs " + b.length + " values");
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("paired tests need at least 2 queries, got " + a.length);
        }
        int n = a.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
        }
        double meanDiff = mean(d);
        double[] nonZero = Arrays.stream(d).filter(x -> x != 0).toArray();
        boolean exact = nonZero.length <= MAX_EXACT_NONZERO;
        double pRand =
                exact ? exactSignFlipP(nonZero) : sampledSignFlipP(nonZero, options.permutations(), options.seed());

        double sd = Math.sqrt(
                Arrays.stream(d).map(x -> (x - meanDiff) * (x - meanDiff)).sum() / (n - 1));
        int df = n - 1;
        double t;
        double pT;
        if (sd == 0) {
            t = meanDiff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, meanDiff);
            pT = meanDiff == 0 ? 1 : 0;
        } else {
            t = meanDiff / (sd / Math.sqrt(n));
            pT = studentTwoSidedP(t, df);
        }
        double[] ci = bootstrapInterval(d, options.bootstrap(), options.seed());
        return new Result(n, mean(a), mean(b), meanDiff, pRand, exact, t, df, pT, ci[0], ci[1]);
    }

    /** Exact two-sided sign-flip p over all 2^m assignments of the m non-zero differences. */
    static double exactSignFlipP(double[] nonZero) {
        int m = nonZero.length;
        if (m == 0) {
            return 1;
        }
        double observed = Math.abs(sum(nonZero));
        double tolerance = 1e-12 * Arrays.stream(nonZero).map(Math::abs).sum();
        long atLeast = 0;
        long total = 1L << m;
        for (long signs = 0; signs < total; signs++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += (signs >>> i & 1) == 0 ? nonZero[i] : -nonZero[i];
            }
            if (Math.abs(s) >= observed - tolerance) {
                atLeast++;
            }
        }
        return (double) atLeast / total;
    }

    private static double sampledSignFlipP(double[] nonZero, int permutations, long seed) {
        double observed = Math.abs(sum(nonZero));
        double tolerance = 1e-12 * Arrays.stream(nonZero).map(Math::abs).sum();
        SplittableRandom random = new SplittableRandom(seed);
        long atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            double s = 0;
            for (double x : nonZero) {
                s += random.nextBoolean() ? x : -x;
            }
            if (Math.abs(s) >= observed - tolerance) {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (1.0 + permutations);
    }

    /** Percentile bootstrap: {2.5th, 97.5th} percentile of the means of {@code resamples} resamples of d. */
    static double[] bootstrapInterval(double[] d, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int n = d.length;
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[random.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new double[] {percentile(means, 0.025), percentile(means, 0.975)};
    }

    /** The value at rank ceil(q · N) of the sorted values (the inverse of the empirical CDF). */
    private static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /**
     * Holm–Bonferroni step-down adjustment: with the m p-values sorted ascending p_(1) ≤ … ≤ p_(m),
     * adjusted p_(i) = max_{j ≤ i} min(1, (m − j + 1) · p_(j)). Returned in the input order; reject at level
     * α where the adjusted p ≤ α. Controls the family-wise error rate without assuming independence.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[order[j]]));
            adjusted[order[j]] = running;
        }
        return adjusted;
    }

    /** Two-sided p of Student's t with df degrees of freedom: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2). */
    public static double studentTwoSidedP(double t, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedIncompleteBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /**
     * I_x(a, b), the regularized incomplete beta function, by the continued fraction of Numerical Recipes
     * (§6.4, evaluated with the modified Lentz method), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where
     * the fraction converges slowly.
     */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                return h;
            }
        }
        return h;
    }

    /**
     * ln Γ(x) for x > 0: shift x up to ≥ 15 with Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)), then Stirling's series
     * ln Γ(z) = (z − ½) ln z − z + ½ ln 2π + 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + 1/(1188z⁹),
     * whose next term (691/(360360 z¹¹) < 2e-16 at z = 15) bounds the error.
     */
    static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        double shift = 0;
        while (x < 15) {
            shift += Math.log(x);
            x += 1;
        }
        double z2 = 1 / (x * x);
        double series = (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 * (1.0 / 1680 - z2 / 1188)))) / x;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double mean(double[] v) {
        return sum(v) / v.length;
    }
}
