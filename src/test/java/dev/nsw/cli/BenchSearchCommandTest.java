package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSearchCommandTest {
    @Test
    void quantilesAreNearestRank() {
        long[] nanos = new long[20];
        for (int i = 0; i < 20; i++) {
            nanos[i] = (20 - i) * 1_000_000L; // 20 ms … 1 ms, unsorted on purpose
        }
        // nearest rank: p50 of 20 values = the 10th smallest (10 ms), p95 = the 19th (19 ms)
        assertThat(BenchSearchCommand.ms(nanos, 0.5)).isEqualTo(10.0);
        assertThat(BenchSearchCommand.ms(nanos, 0.95)).isEqualTo(19.0);
        assertThat(nanos[0]).as("the input is not sorted in place").isEqualTo(20_000_000L);
    }

    @Test
    void syntheticQueriesAreRunsOfWordsOfTheCorpus() {
        List<String> texts = BenchSearchCommand.syntheticTexts(50, 3);
        assertThat(texts)
                .hasSize(50)
                .allSatisfy(t -> assertThat(t.split(" ").length).isBetween(12, 51));
        assertThat(BenchSearchCommand.syntheticTexts(50, 3)).isEqualTo(texts);
        for (String q : BenchSearchCommand.syntheticQueries(texts, 20, 5)) {
            assertThat(q.split(" ").length).isBetween(3, 6);
            assertThat(texts).anyMatch(t -> (" " + t + " ").contains(" " + q + " "));
        }
    }
}
