package dev.nsw.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.job.ProgressListener;
import org.junit.jupiter.api.Test;

class AnnBenchmarkTest {
    @Test
    void theReportHoldsWhatTheBenchmarkMeasured() throws Exception {
        AnnBenchmark.Data data = AnnBenchmark.synthetic(1500, 16, 5, false, 40, 3);
        AnnBenchmark.Report r = AnnBenchmark.run(
                data,
                new AnnBenchmark.Settings(8, 40, 64, new int[] {1, 8}, 10, 1, 0, 1, 20, null),
                ProgressListener.NONE);
        assertThat(r.corpus()).isEqualTo(1500);
        assertThat(r.dimensions()).isEqualTo(16);
        assertThat(r.exact().memoryBytes()).isEqualTo(4L * 1500 * 16); // float32 vectors, nothing else
        assertThat(r.hnsw().vectorBytes()).isEqualTo(4L * 1500 * 16);
        assertThat(r.hnsw().sweep())
                .extracting(AnnBenchmark.SweepRow::ef)
                .containsExactly(1, 8, 64); // sorted, main ef included
        assertThat(r.hnsw().sweep()).allSatisfy(row -> assertThat(row.recall()).isBetween(0.0, 1.0));
        // a wider beam never finds fewer of the exact top 10 on the same graph and queries
        assertThat(r.hnsw().sweep().getLast().recall())
                .isGreaterThanOrEqualTo(r.hnsw().sweep().getFirst().recall());
        assertThat(r.hnsw().sweep().getLast().recall()).isGreaterThan(0.9);
        assertThat(r.distanceComparison()).isNull();
        assertThat(r.similarityStats().top1())
                .isGreaterThanOrEqualTo(r.similarityStats().top10());
    }

    @Test
    void heldOutQueriesAreRowsNotInTheCorpus() {
        float[][] all = new SyntheticEmbeddings(8, 3, 1).corpus(100);
        AnnBenchmark.Data d = AnnBenchmark.real(all, null, 10, 5, "x.npy");
        assertThat(d.corpus()).hasNumberOfRows(90);
        assertThat(d.queries()).hasNumberOfRows(10);
        assertThat(d.source()).contains("10 rows held out");
        assertThatThrownBy(() -> AnnBenchmark.real(all, null, 100, 5, "x.npy"))
                .hasMessageContaining("must be below the 100 rows");
    }
}
