package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreDistributionTest {
    private static float[] unit(double angleDegrees) {
        double a = Math.toRadians(angleDegrees);
        return new float[] {(float) Math.cos(a), (float) Math.sin(a)};
    }

    @Test
    void positivesAreTheDiagonalNegativesEveryOtherTarget() {
        // queries at 0°, 90°, 180°; targets 10° off their query, except target 2 which sits at 85° (near query 1)
        float[][] q = {unit(0), unit(90), unit(180)};
        float[][] t = {unit(10), unit(100), unit(85)};
        ScoreDistribution d = ScoreDistribution.of(q, t, 2);
        assertThat(d.positives())
                .containsExactly(
                        new double[] {
                            Math.cos(Math.toRadians(10)), Math.cos(Math.toRadians(10)), Math.cos(Math.toRadians(95))
                        },
                        within(1e-6));
        assertThat(d.negatives()).hasSize(6);
        // hardest negative: query 1 (90°) vs target 2 (85°), cos 5° — above query 1's own positive (cos 10°)
        assertThat(d.hardest()).hasSize(2);
        assertThat(d.hardest().getFirst().query()).isEqualTo(1);
        assertThat(d.hardest().getFirst().target()).isEqualTo(2);
        assertThat(d.hardest().getFirst().score()).isCloseTo(Math.cos(Math.toRadians(5)), within(1e-6));
        assertThat(d.hardest().get(0).score())
                .isGreaterThanOrEqualTo(d.hardest().get(1).score());
        double meanPos = (2 * Math.cos(Math.toRadians(10)) + Math.cos(Math.toRadians(95))) / 3;
        assertThat(d.meanPositive()).isCloseTo(meanPos, within(1e-6));
        assertThat(d.margin()).isCloseTo(d.meanPositive() - d.meanNegative(), within(1e-12));
        // above their own positive: q1 vs t2 (cos 5° > cos 10°) and q2 vs t1 (cos 80° > cos 95°)
        assertThat(d.overlap()).isCloseTo(2 / 6.0, within(1e-6));
    }

    @Test
    void aMultiGoldQuerysOtherGoldIsNotItsNegative() {
        // claim A judged against abstracts x and y (two pairs), claim B against z; y is also pasted again as a
        // duplicate text under pair 3 of claim B (a corpus with duplicate texts): for claim A, x and y are positives
        float[][] q = {unit(0), unit(0), unit(90), unit(90)};
        float[][] t = {unit(5), unit(20), unit(95), unit(20)};
        java.util.List<String> queries = java.util.List.of("A", "A", "B", "B");
        java.util.List<String> targets = java.util.List.of("x", "y", "z", "y");
        ScoreDistribution d = ScoreDistribution.of(q, t, 3, queries, targets);
        // written out: query A (rows 0, 1) has negatives z only (y twice is its gold: rows 1 and 3 for row 0, row 3
        // for row 1; x for row 1 is its gold too); query B (rows 2, 3) has x for both, y for row 2 (its gold via
        // row 3), so row 2: x (y left out); row 3: x (z left out: its gold via row 2)
        // row 0: j=1 y gold, j=2 z neg, j=3 y gold → 1 negative; row 1: j=0 x gold, j=2 z neg, j=3 y gold → 1
        // row 2: j=0 x neg, j=1 y gold, j=3 y gold → 1; row 3: j=0 x neg, j=1 y gold, j=2 z gold → 1
        assertThat(d.negatives()).hasSize(4);
        assertThat(d.knownPositivesLeftOut()).isEqualTo(12 - 4);
        double[] sorted = d.negatives();
        java.util.Arrays.sort(sorted);
        assertThat(sorted)
                .containsExactly(
                        new double[] {
                            Math.cos(Math.toRadians(95)),
                            Math.cos(Math.toRadians(95)),
                            Math.cos(Math.toRadians(85)),
                            Math.cos(Math.toRadians(85))
                        },
                        within(1e-6));
        assertThat(d.hardest())
                .as("no known gold among the likeliest false negatives")
                .allSatisfy(n -> assertThat(java.util.List.of(queries.get(n.query()), targets.get(n.target())))
                        .isNotIn(
                                java.util.List.of("A", "x"),
                                java.util.List.of("A", "y"),
                                java.util.List.of("B", "y"),
                                java.util.List.of("B", "z")));
        // without keys every j ≠ i is a negative, as an in-batch loss sees them
        assertThat(ScoreDistribution.of(q, t, 3).negatives()).hasSize(12);
        assertThat(ScoreDistribution.of(q, t, 3).knownPositivesLeftOut()).isZero();
    }

    @Test
    void histogramClampsIntoTheEdgeBins() {
        long[] h = ScoreDistribution.histogram(new double[] {-2, -1, -0.5, 0, 0.49, 0.5, 1, 3}, 4, -1, 1);
        assertThat(h).containsExactly(2, 1, 2, 3);
    }

    @Test
    void failsFastOnBadShapes() {
        assertThatThrownBy(() -> ScoreDistribution.of(new float[][] {unit(0)}, new float[][] {unit(0)}, 1))
                .hasMessageContaining("at least 2 pairs");
        assertThatThrownBy(() -> ScoreDistribution.of(new float[][] {unit(0), unit(1)}, new float[][] {unit(0)}, 1))
                .hasMessageContaining("differ in count");
    }
}
