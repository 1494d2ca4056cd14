package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSignificanceTest {
    /** A report whose query i has its first relevant document at firstRanks[i] (0 = missed), one gold each. */
    private static MetricsReport report(int... firstRanks) {
        List<QueryOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < firstRanks.length; i++) {
            int r = firstRanks[i];
            boolean in10 = r > 0 && r <= 10;
            double rr = in10 ? 1.0 / r : 0;
            double ndcg = in10 ? 1 / (Math.log(r + 1) / Math.log(2)) : 0;
            outcomes.add(new QueryOutcome("q" + i, r, rr, ndcg, in10 ? 1 : 0));
        }
        return new MetricsReport("tiny", firstRanks.length, firstRanks.length, Map.of(), 0, 0, outcomes);
    }

    @Test
    void twoRunsAreTestedOnEachMetricWithoutCorrection() {
        // run − baseline per query in R@10 (percentage points): +100 for q0..q5 (found only by the run), 0 else.
        MetricsReport base = report(0, 0, 0, 0, 0, 0, 1, 1);
        MetricsReport run = report(1, 1, 1, 2, 2, 3, 1, 1);
        RunSignificance s = RunSignificance.against(
                List.of(new RunSignificance.NamedReport("base", base), new RunSignificance.NamedReport("run", run)),
                PairedSignificance.Options.defaults());
        RunSignificance.Comparison r10 =
                s.find("run", RunSignificance.Metric.RECALL_10).orElseThrow();
        assertThat(r10.result().meanDiff()).isCloseTo(600.0 / 8, within(1e-12));
        // 6 equal non-zero differences: 2 of 64 sign assignments reach |sum| = 600
        assertThat(r10.result().randomizationP()).isEqualTo(2.0 / 64);
        assertThat(r10.holmP()).isEqualTo(r10.result().randomizationP());
        assertThat(r10.mark()).isEqualTo("▲");
        RunSignificance.Comparison mrr =
                s.find("run", RunSignificance.Metric.MRR_10).orElseThrow();
        // MRR differences 1, 1, 1, ½, ½, ⅓: mean (4⅓) / 8
        assertThat(mrr.result().meanDiff()).isCloseTo((3 + 1 + 1.0 / 3) / 8, within(1e-12));
        assertThat(s.comparisons()).hasSize(3);
        assertThat(s.method()).contains("one comparison, no correction");
    }

    @Test
    void moreRunsAreHolmAdjustedPerMetric() {
        MetricsReport base = report(0, 0, 0, 0, 0, 0, 1, 1);
        MetricsReport better = report(1, 1, 1, 1, 1, 1, 1, 1); // 6 wins: p = 2/64
        MetricsReport same = report(0, 0, 0, 0, 0, 0, 1, 1); // no difference: p = 1
        MetricsReport mixed = report(1, 1, 0, 0, 0, 0, 0, 1); // 2 wins, 1 loss: every flip of ±1±1±1 reaches |1|, p = 1
        RunSignificance s = RunSignificance.against(
                List.of(
                        new RunSignificance.NamedReport("base", base),
                        new RunSignificance.NamedReport("better", better),
                        new RunSignificance.NamedReport("same", same),
                        new RunSignificance.NamedReport("mixed", mixed)),
                PairedSignificance.Options.defaults());
        // Holm over p = (1/32, 1, 1): sorted 1/32 ×3 = 3/32, then 1 ×2 → 1, 1 ×1 → 1
        assertThat(s.find("better", RunSignificance.Metric.RECALL_10)
                        .orElseThrow()
                        .holmP())
                .isCloseTo(3.0 / 32, within(1e-15));
        assertThat(s.find("mixed", RunSignificance.Metric.RECALL_10)
                        .orElseThrow()
                        .holmP())
                .isEqualTo(1.0);
        assertThat(s.find("same", RunSignificance.Metric.RECALL_10)
                        .orElseThrow()
                        .holmP())
                .isEqualTo(1.0);
        // 3/32 = 0.094 > 0.05: significant before correction, not after
        assertThat(s.find("better", RunSignificance.Metric.RECALL_10)
                        .orElseThrow()
                        .significant())
                .isFalse();
        assertThat(s.method()).contains("Holm-adjusted over the 3 runs");
    }

    @Test
    void runsOnDifferentQuerySetsFailFast() {
        assertThatThrownBy(() -> RunSignificance.against(
                        List.of(
                                new RunSignificance.NamedReport("a", report(1, 1)),
                                new RunSignificance.NamedReport("b", report(1, 1, 1))),
                        PairedSignificance.Options.defaults()))
                .hasMessageContaining("different sets");
    }
}
