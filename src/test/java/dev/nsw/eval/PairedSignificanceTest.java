package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics against fixtures whose exact distributions are enumerated here, and closed-form t CDFs. */
class PairedSignificanceTest {

    /** All 2^n sign assignments of d, written out independently of the class under test. */
    private static double enumeratedSignFlipP(double[] d) {
        double observed = Math.abs(Arrays.stream(d).sum());
        List<Double> sums = new ArrayList<>(List.of(0.0));
        for (double x : d) {
            List<Double> next = new ArrayList<>();
            for (double s : sums) {
                next.add(s + x);
                next.add(s - x);
            }
            sums = next;
        }
        long atLeast =
                sums.stream().filter(s -> Math.abs(s) >= observed - 1e-12).count();
        return (double) atLeast / sums.size();
    }

    @Test
    void exactRandomizationPOfATinyCaseMatchesItsEnumeratedDistribution() {
        // d = (1, 2, 3): the 8 sums ±1±2±3 are 6, 4, 2, 0, 0, −2, −4, −6; |sum| ≥ 6 twice → p = 2/8.
        PairedSignificance.Result r = PairedSignificance.test(new double[] {1, 2, 3}, new double[] {0, 0, 0});
        assertThat(r.exact()).isTrue();
        assertThat(r.randomizationP()).isEqualTo(0.25);
        assertThat(enumeratedSignFlipP(new double[] {1, 2, 3})).isEqualTo(0.25);
        assertThat(r.meanDiff()).isEqualTo(2.0);
    }

    @Test
    void zeroDifferencesDoNotChangeTheExactP() {
        // a − b = (1, 0.5, −0.5, 0): over the 16 assignments of all four, |sum| ≥ 1 in 12 → 0.75
        // (the sums of the non-zero three are 2, 1, 1, 0, 0, −1, −1, −2, each twice because the 0 flips too).
        double[] a = {1, 0.5, 0.5, 0};
        double[] b = {0, 0, 1, 0};
        PairedSignificance.Result r = PairedSignificance.test(a, b);
        assertThat(enumeratedSignFlipP(new double[] {1, 0.5, -0.5, 0})).isEqualTo(0.75);
        assertThat(r.randomizationP()).isEqualTo(0.75);
    }

    @Test
    void exactPOfTwelveBinaryQueriesEqualsTheBinomialTail() {
        // Per-query hits: run A finds 10 queries B misses, B finds 2 A misses, 4 tie. Under H0 the sum of 12
        // random signs S = 2K − 12 (K ~ Binomial(12, ½)); observed S = 8: p = P(K ≥ 10) + P(K ≤ 2) = 2·79/4096.
        double[] a = new double[16];
        double[] b = new double[16];
        for (int i = 0; i < 10; i++) {
            a[i] = 1;
        }
        b[10] = 1;
        b[11] = 1;
        a[12] = b[12] = 1;
        a[13] = b[13] = 1;
        double tail = binomial(12, 10) + binomial(12, 11) + binomial(12, 12); // 66 + 12 + 1 = 79
        PairedSignificance.Result r = PairedSignificance.test(a, b);
        assertThat(r.exact()).isTrue();
        assertThat(r.randomizationP()).isCloseTo(2 * tail / 4096, within(1e-15));
    }

    @Test
    void sampledRandomizationPAgreesWithTheBinomialTailAndIsReproducible() {
        // 25 differences of ±1 (15 × +1, 10 × −1): too many to enumerate, so 10,000 random flips.
        // Exact: S = 2K − 25 with K ~ Binomial(25, ½); |S| ≥ 5 ⇔ K ≥ 15 or K ≤ 10.
        double[] a = new double[25];
        double[] b = new double[25];
        for (int i = 0; i < 25; i++) {
            a[i] = i < 15 ? 1 : 0;
            b[i] = i < 15 ? 0 : 1;
        }
        double exact = 0;
        for (int k = 0; k <= 25; k++) {
            if (k >= 15 || k <= 10) {
                exact += binomial(25, k);
            }
        }
        exact /= Math.pow(2, 25); // ≈ 0.4244
        PairedSignificance.Result r = PairedSignificance.test(a, b);
        assertThat(r.exact()).isFalse();
        // standard error of a 10,000-sample proportion near 0.42 is 0.005; allow 4 of them
        assertThat(r.randomizationP()).isCloseTo(exact, within(0.02));
        assertThat(PairedSignificance.test(a, b).randomizationP()).isEqualTo(r.randomizationP());
    }

    @Test
    void sampledPNeverReportsZero() {
        double[] a = new double[30];
        Arrays.fill(a, 1);
        PairedSignificance.Result r = PairedSignificance.test(a, new double[30]);
        // exact p = 2 / 2^30; with 10,000 flips the estimate is (1 + 0) / (1 + 10,000)
        assertThat(r.randomizationP()).isEqualTo(1.0 / 10_001);
        assertThat(r.tTestP()).isZero();
        assertThat(r.t()).isInfinite();
    }

    @Test
    void studentTMatchesClosedFormsForOneTwoAndThreeDegreesOfFreedom() {
        for (double t : new double[] {0.1, 0.5, 1, 2.5, 7, 40}) {
            // df 1 is Cauchy: P(|T| ≥ t) = 1 − (2/π) atan t
            assertThat(PairedSignificance.studentTwoSidedP(t, 1))
                    .isCloseTo(1 - 2 / Math.PI * Math.atan(t), within(1e-12));
            // df 2: P(|T| ≥ t) = 1 − t / √(2 + t²)
            assertThat(PairedSignificance.studentTwoSidedP(-t, 2))
                    .isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
            // df 3: with θ = atan(t/√3), P(|T| ≥ t) = 1 − (2/π)(θ + sin θ cos θ)
            double theta = Math.atan(t / Math.sqrt(3));
            assertThat(PairedSignificance.studentTwoSidedP(t, 3))
                    .isCloseTo(1 - 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta)), within(1e-12));
        }
    }

    @Test
    void studentTMatchesPublishedCriticalValues() {
        // two-sided 5% and 1% critical values from the standard t table
        Map<Integer, double[]> table = Map.of(
                5, new double[] {2.570582, 4.032143},
                10, new double[] {2.228139, 3.169273},
                30, new double[] {2.042272, 2.749996},
                120, new double[] {1.979930, 2.617421});
        table.forEach((df, crit) -> {
            assertThat(PairedSignificance.studentTwoSidedP(crit[0], df)).isCloseTo(0.05, within(1e-6));
            assertThat(PairedSignificance.studentTwoSidedP(crit[1], df)).isCloseTo(0.01, within(1e-6));
        });
        assertThat(PairedSignificance.studentTwoSidedP(0, 7)).isCloseTo(1, within(1e-12));
    }

    @Test
    void pairedTStatisticComputedByHand() {
        // d = (1, 2, 3, 4): mean 2.5, sd = √(5/3), t = 2.5 / (√(5/3) / 2) = 3.8730, df 3.
        PairedSignificance.Result r = PairedSignificance.test(new double[] {2, 4, 6, 8}, new double[] {1, 2, 3, 4});
        double t = 2.5 / (Math.sqrt(5.0 / 3) / 2);
        assertThat(r.t()).isCloseTo(t, within(1e-12));
        assertThat(r.df()).isEqualTo(3);
        double theta = Math.atan(t / Math.sqrt(3));
        assertThat(r.tTestP()).isCloseTo(1 - 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta)), within(1e-12));
        assertThat(r.tTestP()).isCloseTo(0.0305, within(1e-4)); // t table, df 3: between 3.182 (5%) and 4.541 (2%)
        // all four differences positive: 2 of the 16 sign assignments reach |sum| = 10
        assertThat(r.randomizationP()).isEqualTo(2.0 / 16);
    }

    @Test
    void bootstrapIntervalMatchesTheEnumeratedResamplingDistribution() {
        // d = (0, 1, 2, 10): the 4^4 = 256 equally likely resamples give the exact distribution of the mean.
        double[] d = {0, 1, 2, 10};
        List<Double> means = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            means.add((d[i & 3] + d[i >> 2 & 3] + d[i >> 4 & 3] + d[i >> 6 & 3]) / 4);
        }
        means.sort(null);
        // the 2.5% quantile: the smallest mean whose cumulative share reaches 0.025 (rank ceil(6.4) = 7);
        // 97.5%: rank ceil(249.6) = 250
        double low = means.get(6);
        double high = means.get(249);
        // cumulative shares: ≤ 0.25 is 5/256 = 0.0195, ≤ 0.5 is 15/256 = 0.0586 → 0.5;
        // ≤ 7.5 is 247/256 = 0.9648, ≤ 7.75 is 251/256 = 0.9805 → 7.75 (both ends ≥ 4 standard errors of a
        // 10,000-resample estimate away from 0.025 / 0.975, so the sampled interval must hit the same atoms)
        assertThat(low).isEqualTo(0.5);
        assertThat(high).isEqualTo(7.75);
        PairedSignificance.Result r = PairedSignificance.test(d, new double[4]);
        assertThat(r.ciLow()).isEqualTo(low);
        assertThat(r.ciHigh()).isEqualTo(high);
    }

    @Test
    void holmAdjustsStepDownAndKeepsInputOrder() {
        // sorted 0.01, 0.03, 0.04 → 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06
        assertThat(PairedSignificance.holm(new double[] {0.01, 0.04, 0.03})).containsExactly(0.03, 0.06, 0.06);
        // capped at 1 and monotone
        assertThat(PairedSignificance.holm(new double[] {0.6, 0.5})).containsExactly(1.0, 1.0);
        assertThat(PairedSignificance.holm(new double[] {0.2})).containsExactly(0.2);
    }

    @Test
    void rejectsUnpairedInput() {
        assertThatThrownBy(() -> PairedSignificance.test(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("same queries");
        assertThatThrownBy(() -> new PairedSignificance.Options(999, 10_000, 1)).hasMessageContaining("10000");
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
