package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderTest {
    static final List<String> TEXTS =
            List.of("今天天气怎么样", "好", "How do I reset my password?", "语义检索系统通常包括召回和排序两个阶段，召回阶段使用双塔模型", "明天会下雨吗");
    static final EncoderOptions OPTIONS =
            EncoderOptions.defaults().withBatchSize(2).withThreads(2);

    @Test
    void embeddingsAreUnitLengthAndIndependentOfBatching() throws Exception {
        try (Encoder e = TinyModels.encoder(1, OPTIONS);
                Encoder big = TinyModels.encoder(1, OPTIONS.withBatchSize(32))) {
            float[][] a = e.embed(TEXTS);
            float[][] b = big.embed(TEXTS);
            assertThat(a).hasDimensions(5, 32);
            for (int i = 0; i < a.length; i++) {
                assertThat(dot(a[i], a[i])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(dot(a[i], b[i])).isGreaterThan(0.99999);
            }
            // sorting by length within small windows gives the same rows in the same order
            float[][] windowed = e.embed(TEXTS, ProgressListener.NONE, CancellationToken.NEVER, 2);
            for (int i = 0; i < a.length; i++) {
                assertThat(dot(windowed[i], a[i])).isGreaterThan(0.99999);
            }
            // a text alone gives the same vector as inside a padded batch
            float[][] single = e.embed(List.of(TEXTS.get(1)));
            assertThat(dot(single[0], a[1])).isGreaterThan(0.99999);
        }
    }

    @Test
    void saveAndLoadGiveIdenticalEmbeddingsAndModelId(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("models").resolve("tiny");
        float[][] before;
        String id;
        try (Encoder e = TinyModels.encoder(2, OPTIONS.withOutputEmbSize(8))) {
            before = e.embed(TEXTS);
            id = e.modelId();
            e.save(folder);
            e.save(folder); // replacing an existing model folder works
        }
        try (Stream s = new Stream(dir.resolve("models"))) {
            assertThat(s.names()).containsExactly("tiny"); // no temp or old folders left
        }
        assertThat(folder.resolve("config.json")).content().contains("\"output_emb_size\" : 8");
        try (Encoder loaded = Encoder.load(folder, OPTIONS)) {
            assertThat(loaded.dimension()).isEqualTo(8);
            assertThat(loaded.modelId()).isEqualTo(id);
            assertThat(loaded.name()).isEqualTo("tiny");
            float[][] after = loaded.embed(TEXTS);
            assertThat(after).isDeepEqualTo(before);
        }
    }

    @Test
    void modelIdChangesWithWeightsAndProjection() throws Exception {
        String base;
        try (Encoder e = TinyModels.encoder(3, OPTIONS.withOutputEmbSize(0))) {
            base = e.modelId();
            assertThat(base).startsWith("sha256:").hasSize(7 + 24);
        }
        try (Encoder same = TinyModels.encoder(3, OPTIONS.withOutputEmbSize(0));
                Encoder other = TinyModels.encoder(4, OPTIONS.withOutputEmbSize(0));
                Encoder projected = TinyModels.encoder(3, OPTIONS.withOutputEmbSize(16));
                Encoder reseeded =
                        TinyModels.encoder(3, OPTIONS.withOutputEmbSize(16).withProjectionSeed(7))) {
            assertThat(same.modelId()).isEqualTo(base);
            assertThat(other.modelId()).isNotEqualTo(base);
            assertThat(projected.modelId()).isNotEqualTo(base);
            assertThat(reseeded.modelId()).isNotEqualTo(projected.modelId());
            assertThat(projected.dimension()).isEqualTo(16);
        }
    }

    @Test
    void progressAndCancellation() throws Exception {
        try (Encoder e = TinyModels.encoder(5, OPTIONS)) {
            List<String> progress = new ArrayList<>();
            e.embed(
                    TEXTS,
                    (done, total, message) -> progress.add(done + "/" + total + " " + message),
                    CancellationToken.NEVER);
            assertThat(progress).containsExactly("2/5 embedding", "4/5 embedding", "5/5 embedding");
            // cancelled after the first batch: the next batch does not run
            CancellationToken cancel = new CancellationToken();
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> e.embed(
                            TEXTS,
                            (done, total, message) -> {
                                seen.add(done + "/" + total);
                                cancel.cancel();
                            },
                            cancel))
                    .isInstanceOf(CancelledException.class);
            assertThat(seen).containsExactly("2/5");
        }
    }

    @Test
    void embeddingFreesItsArrays() throws Exception {
        try (Encoder e = TinyModels.encoder(6, OPTIONS)) {
            e.embed(TEXTS);
            BaseNDManager m = (BaseNDManager) e.manager();
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                e.embed(TEXTS);
            }
            assertThat(m.getManagedArrays().size()).isEqualTo(before);
        }
    }

    @Test
    void projectionSizeConflictAndLongSequencesAreRefused(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("p");
        try (Encoder e = TinyModels.encoder(7, OPTIONS.withOutputEmbSize(8))) {
            e.save(folder);
        }
        assertThatThrownBy(() -> Encoder.load(folder, OPTIONS.withOutputEmbSize(16)))
                .hasMessageContaining("projection of size 8")
                .hasMessageContaining("16");
        assertThatThrownBy(() -> TinyModels.encoder(7, OPTIONS.withMaxSeqLength(200)))
                .hasMessageContaining("max_seq_length 200")
                .hasMessageContaining("128");
    }

    @Test
    void saveRefusesToReplaceAFolderThatIsNotAModel(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        try (Encoder e = TinyModels.encoder(8, OPTIONS)) {
            assertThatThrownBy(() -> e.save(dir)).hasMessageContaining("not a model folder");
        }
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void openNamesTheUnknownModel() {
        assertThatThrownBy(() -> Encoder.open("no-such-model", OPTIONS))
                .hasMessageContaining("no-such-model")
                .hasMessageContaining("bge-small-zh-v1.5");
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Lists a folder's entry names. */
    record Stream(Path dir) implements AutoCloseable {
        List<String> names() throws java.io.IOException {
            try (var s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).toList();
            }
        }

        @Override
        public void close() {}
    }
}
