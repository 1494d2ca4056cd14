package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.io.NpyFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactVectorIndexTest {
    @TempDir
    Path dir;

    /** Four 2-D unit vectors at 0°, 30°, 90°, 180°. */
    private static final float[][] SMALL = {
        {1, 0}, {(float) Math.cos(Math.PI / 6), (float) Math.sin(Math.PI / 6)}, {0, 1}, {-1, 0},
    };

    @Test
    void returnsKnownTopKBestFirstWithCosineScores() {
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(SMALL, List.of("east", "ene", "north", "west"));

        List<Hit> hits = index.search(new float[] {2, 0.2f}, 3); // not unit length: normalised by search

        assertThat(hits).extracting(Hit::id).containsExactly("east", "ene", "north");
        assertThat(hits).extracting(Hit::ordinal).containsExactly(0, 1, 2);
        double qn = Math.hypot(2, 0.2);
        assertThat(hits.get(0).score()).isCloseTo((float) (2 / qn), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(hits.get(2).score()).isCloseTo((float) (0.2 / qn), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void kLargerThanSizeReturnsEverything() {
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(SMALL, new int[] {10, 11, 12, 13});
        assertThat(index.search(new float[] {-1, 0}, 10)).extracting(Hit::id).containsExactly("13", "12", "11", "10");
    }

    @Test
    void tiesGoToTheSmallerOrdinal() {
        float[][] same = {{0, 1}, {1, 0}, {1, 0}, {1, 0}};
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(same);
        assertThat(index.search(new float[] {1, 0}, 2)).extracting(Hit::ordinal).containsExactly(1, 2);
    }

    @Test
    void parallelScanAgreesWithSingleThread() {
        float[][] data = SyntheticEmbeddings.forCorpus(40_000, 32, 7).corpus(40_000);
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(data);
        float[] q = SyntheticEmbeddings.forCorpus(40_000, 32, 7).queries(1)[0];
        assertThat(index.withParallelism(2).search(q, 10))
                .isEqualTo(index.withParallelism(1).search(q, 10));
    }

    @Test
    void rejectsBadInputNamingTheValue() {
        assertThatThrownBy(() -> ExactVectorIndex.builder(" ")).hasMessageContaining("modelId");
        assertThatThrownBy(() -> ExactVectorIndex.builder("m").build(new float[][] {{1, 0}, {1, 0, 0}}))
                .hasMessageContaining("vector 1 has 3 dimensions");
        assertThatThrownBy(() -> ExactVectorIndex.builder("m").build(new float[][] {{1, 0}, {0, 0}}))
                .hasMessageContaining("vector 1");
        ExactVectorIndex index = ExactVectorIndex.builder("m").build(SMALL);
        assertThatThrownBy(() -> index.search(new float[3], 1)).hasMessageContaining("3 dimensions");
        assertThatThrownBy(() -> index.search(new float[] {1, 0}, 0)).hasMessageContaining("k must be >= 1, got 0");
    }

    @Test
    void aMappedFileScoresEveryQueryToTheSameBitsAsTheHeap() throws Exception {
        // 40k rows: above the parallel threshold, so both the one-thread and the split scan run on the mapped file
        SyntheticEmbeddings gen = SyntheticEmbeddings.forCorpus(40_000, 48, 3);
        float[][] data = gen.corpus(40_000);
        Path npy = dir.resolve("corpus.npy");
        NpyFile.write(npy, data);
        ExactVectorIndex heap = ExactVectorIndex.builder("m").build(data);
        ExactVectorIndex mapped = ExactVectorIndex.mapped("m", npy, null);
        assertThat(mapped.memoryMapped()).isTrue();
        assertThat(heap.memoryMapped()).isFalse();
        assertThat(mapped.size()).isEqualTo(40_000);
        assertThat(mapped.vector(123)).isEqualTo(data[123]);
        float[][] queries = gen.queries(20);
        assertThat(mapped.searchAll(queries, 10)).isEqualTo(heap.searchAll(queries, 10));
        for (float[] q : queries) {
            assertThat(mapped.withParallelism(2).search(q, 10)).isEqualTo(heap.search(q, 10));
        }
        // saved, then opened: the index's own .npy is searched in place
        mapped.save(dir.resolve("index"));
        VectorIndex opened = VectorIndex.open(dir.resolve("index"), "m");
        assertThat(((ExactVectorIndex) opened).memoryMapped()).isTrue();
        assertThat(opened.searchAll(queries, 10)).isEqualTo(heap.searchAll(queries, 10));
    }

    @Test
    void aMappedFileMustHoldUnitRows() throws Exception {
        Path npy = dir.resolve("raw.npy");
        NpyFile.write(npy, new float[][] {{1, 0}, {0.6f, 0.8f}, {3, 4}});
        assertThatThrownBy(() -> ExactVectorIndex.mapped("m", npy, null))
                .hasMessageContaining(npy.toString())
                .hasMessageContaining("row 2 has length 5.0");
        assertThatThrownBy(() -> ExactVectorIndex.mapped("m", npy, new String[] {"a"}))
                .hasMessageContaining("3 rows but 1 ids");
    }
}
