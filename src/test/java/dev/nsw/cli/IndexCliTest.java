package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.TinyModels;
import dev.nsw.index.VectorIndex;
import dev.nsw.io.NpyFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsw index} then {@code nsw recall --index … --ann_check} on the helpdesk sample with a tiny model. */
class IndexCliTest {
    static final Path SAMPLE = Path.of("sample-data", "zh-helpdesk");

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = TinyModels.savedModel(dir.resolve("tiny"), 5);
    }

    /** {@code nsw index} of the sample's corpus into {@code index}, then {@code more}. */
    private static CliRun index(Path index, String... more) {
        String[] head = {
            "index",
            "--model",
            model.toString(),
            "--corpus",
            SAMPLE.resolve("corpus.csv").toString(),
            "-o",
            index.toString()
        };
        String[] args = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return CliRun.of(args);
    }

    private static CliRun recall(Path index) {
        return CliRun.of(
                "recall",
                "--model",
                model.toString(),
                "--similar_text_pair",
                SAMPLE.resolve("test.csv").toString(),
                "--corpus",
                SAMPLE.resolve("corpus.csv").toString(),
                "--index",
                index.toString(),
                "--output",
                dir.resolve(index.getFileName() + ".tsv").toString(),
                "--ann_check");
    }

    @Test
    void anHnswIndexIsSavedWithItsEmbeddingsAndAnnCheckedAtItsEf() throws Exception {
        Path index = dir.resolve("hnsw");
        Path npy = dir.resolve("corpus_embedding.npy");
        CliRun built = index(
                index,
                "--hnsw_m",
                "4",
                "--hnsw_ef_construction",
                "8",
                "--hnsw_ef",
                "3",
                "--save_embeddings",
                npy.toString());
        assertThat(built.exit()).as(built.err()).isZero();
        assertThat(built.out()).startsWith("hnsw index of 108 vectors × ").contains("index build");
        assertThat(built.err()).contains("wrote " + npy);
        VectorIndex saved = VectorIndex.open(index);
        assertThat(saved.searchEf()).hasValue(3);
        float[][] vectors = NpyFile.readVectors(npy);
        assertThat(vectors).hasDimensions(108, saved.dimensions());
        assertThat(saved.vector(7)).containsExactly(vectors[7], org.assertj.core.api.Assertions.within(1e-6f));

        CliRun r = recall(index);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("ANN recall@10 against exact search: [01]\\.\\d{4} \\(ef 3\\)");
    }

    @Test
    void anExactIndexHasNoAnnCheckToPrint() {
        Path index = dir.resolve("exact");
        CliRun built = index(index, "--kind", "exact");
        assertThat(built.exit()).as(built.err()).isZero();
        assertThat(built.out()).startsWith("exact index of 108 vectors × ");
        CliRun r = recall(index);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("ANN recall");
    }
}
