package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticEmbeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HnswVectorIndexTest {
    static final int N = 4000;
    static final int DIM = 64;
    static float[][] corpus;
    static float[][] queries;
    static ExactVectorIndex exact;
    static HnswVectorIndex hnsw;
    static final List<int[]> progress = new ArrayList<>();

    @BeforeAll
    static void build() {
        SyntheticEmbeddings gen = new SyntheticEmbeddings(DIM, 20, 11);
        corpus = gen.corpus(N);
        queries = gen.queries(200);
        exact = ExactVectorIndex.builder("model-a").build(corpus);
        hnsw = HnswVectorIndex.builder("model-a")
                .optM(16)
                .optEfConstruction(100)
                .optEf(50)
                .optProgressListener((done, total, message) -> {
                    synchronized (progress) {
                        progress.add(new int[] {(int) done, (int) total});
                    }
                })
                .build(corpus);
    }

    @Test
    void recallAt10AgainstExactIsHigh() {
        double recall = AnnRecall.recallAtK(hnsw, exact, queries, 10);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void recipeDefaults() {
        HnswVectorIndex.Builder b = HnswVectorIndex.builder("m");
        HnswVectorIndex small = b.build(new float[][] {{1, 0}, {0, 1}});
        assertThat(small.m()).isEqualTo(100);
        assertThat(small.efConstruction()).isEqualTo(100);
        assertThat(small.ef()).isEqualTo(100);
        assertThat(small.simdDistance()).isTrue();
    }

    @Test
    void scoresAreCosineSimilarities() {
        Hit top = hnsw.search(queries[0], 1).get(0);
        assertThat(top.score())
                .isCloseTo(Vectors.dot(queries[0], corpus[top.ordinal()]), org.assertj.core.data.Offset.offset(1e-5f));
        // A stored vector finds itself first.
        assertThat(hnsw.search(corpus[123], 1).get(0).ordinal()).isEqualTo(123);
    }

    @Test
    void reportsProgressEndingAtTotal() {
        synchronized (progress) {
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1)).containsExactly(N, N);
        }
    }

    @Test
    void cancellationStopsTheBuild() {
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> HnswVectorIndex.builder("m")
                        .optM(8)
                        .optEfConstruction(20)
                        .optProgressListener((d, t, m) -> seen.set((int) d))
                        .optCancellation(() -> seen.get() >= 100)
                        .build(corpus))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void rejectsBadParametersNamingTheValue() {
        assertThatThrownBy(() -> HnswVectorIndex.builder("m").optM(1)).hasMessage("M must be >= 2, got 1");
        assertThatThrownBy(() -> HnswVectorIndex.builder("m").optEf(0)).hasMessage("ef must be >= 1, got 0");
        assertThatThrownBy(() -> HnswVectorIndex.builder("m").optEfConstruction(-3))
                .hasMessage("efConstruction must be >= 1, got -3");
        assertThatThrownBy(() -> HnswVectorIndex.builder("m").optThreads(0)).hasMessage("threads must be >= 1, got 0");
    }

    @Test
    void aGraphBuiltFromRowsReadOneAtATimeIsTheGraphOfTheMatrix(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // one build thread: insertion order, and so the graph, is then fixed
        float[][] some = java.util.Arrays.copyOf(corpus, 1500);
        java.nio.file.Path npy = tmp.resolve("c.npy");
        dev.nsw.io.NpyFile.write(npy, some);
        HnswVectorIndex fromMatrix =
                HnswVectorIndex.builder("model-a").optM(8).optThreads(1).build(some);
        HnswVectorIndex fromFile;
        try (var rows = dev.nsw.io.NpyFile.RowReader.open(npy)) {
            fromFile = HnswVectorIndex.builder("model-a").optM(8).optThreads(1).build(rows, null);
        }
        assertThat(fromFile.size()).isEqualTo(1500);
        for (float[] q : java.util.Arrays.copyOf(queries, 50)) {
            assertThat(fromFile.search(q, 10)).isEqualTo(fromMatrix.search(q, 10));
        }
        assertThatThrownBy(() -> {
                    try (var rows = dev.nsw.io.NpyFile.RowReader.open(npy)) {
                        HnswVectorIndex.builder("model-a").build(rows, new String[] {"only-one"});
                    }
                })
                .hasMessageContaining("1 ids for 1500 vectors");
    }
}
