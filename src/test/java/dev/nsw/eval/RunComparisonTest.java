package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
    private static MetricsReport report(int... firstRanks) {
        List<QueryOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < firstRanks.length; i++) {
            outcomes.add(new QueryOutcome("q" + (i + 1), firstRanks[i], 0, 0, 0));
        }
        return new MetricsReport("set", firstRanks.length, firstRanks.length, Map.of(10, 0.0), 0, 0, outcomes);
    }

    @Test
    void splitsQueriesIntoWinsLossesAndTies() {
        MetricsReport a = report(1, 3, 0, 12, 7);
        MetricsReport b = report(2, 0, 4, 0, 9);
        RunComparison c = RunComparison.compare("A", a, "B", b, 5);
        assertThat(c.wins()).containsExactly(new RunComparison.Diff("q2", 3, 0));
        assertThat(c.losses()).containsExactly(new RunComparison.Diff("q3", 0, 4));
        assertThat(c.bothHit()).isEqualTo(1);
        assertThat(c.bothMiss()).isEqualTo(2);
    }

    @Test
    void cutOffDecidesAHit() {
        MetricsReport a = report(1, 10);
        MetricsReport b = report(11, 10);
        assertThat(RunComparison.compare("A", a, "B", b, 10).wins())
                .extracting(RunComparison.Diff::queryId)
                .containsExactly("q1");
        assertThat(RunComparison.compare("A", a, "B", b, 1).wins())
                .extracting(RunComparison.Diff::queryId)
                .containsExactly("q1");
        assertThat(RunComparison.compare("A", a, "B", b, 11).wins()).isEmpty();
    }

    @Test
    void failsFastOnDifferentSetsAndBadK() {
        assertThatThrownBy(() -> RunComparison.compare("A", report(1, 2), "B", report(1), 5))
                .hasMessageContaining("different sets");
        assertThatThrownBy(() -> RunComparison.compare("A", report(1), "B", report(1), 0))
                .hasMessageContaining("k must be >= 1");
    }
}
