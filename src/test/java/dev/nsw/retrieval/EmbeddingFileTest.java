package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.encoder.Encoder;
import dev.nsw.io.NpyFile;
import dev.nsw.io.PartialNpy;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embeddings streamed to a {@code .npy}: a run cancelled mid-way and resumed writes the very bytes an
 * uninterrupted run writes, keeping the finished chunks; another corpus or model starts over.
 */
class EmbeddingFileTest {
    @TempDir
    Path dir;

    /** Texts of varied length (so that length batching reorders them) from a small vocabulary. */
    private static List<String> texts(int n, long seed) {
        String[] words = {"北京", "天气", "如何", "学习", "深度", "模型", "检索", "向量", "今天", "上海", "医院", "手机"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 1 + r.nextInt(12); w > 0; w--) {
                sb.append(words[r.nextInt(words.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void aCancelledRunResumesToTheSameBytesAsAnUninterruptedOne() throws Exception {
        int n = 2 * EmbeddingFile.CHUNK + 300;
        List<String> texts = texts(n, 3);
        Path whole = dir.resolve("whole.npy");
        Path resumed = dir.resolve("resumed.npy");
        try (Encoder encoder = TinyEncoders.create(11, 0f)) {
            assertThat(EmbeddingFile.write(
                            encoder,
                            texts,
                            whole,
                            "corpus-a",
                            "corpus",
                            ProgressListener.NONE,
                            CancellationToken.NEVER))
                    .isZero();

            // Cancel once the second chunk is under way: the first chunk is on disk, the second is lost.
            CancellationToken cancel = new CancellationToken();
            ProgressListener cancelInSecondChunk = (done, total, message) -> {
                if (done > EmbeddingFile.CHUNK + 100) {
                    cancel.cancel();
                }
            };
            assertThatThrownBy(() -> EmbeddingFile.write(
                            encoder, texts, resumed, "corpus-a", "corpus", cancelInSecondChunk, cancel))
                    .isInstanceOf(CancelledException.class);
            assertThat(resumed).doesNotExist();
            assertThat(PartialNpy.resumableRows(
                            resumed, encoder.embeddingIdentity().line() + "\ncorpus-a", n, encoder.dimension()))
                    .contains((long) EmbeddingFile.CHUNK);

            long[] firstReported = {-1};
            long kept = EmbeddingFile.write(
                    encoder,
                    texts,
                    resumed,
                    "corpus-a",
                    "corpus",
                    (done, total, message) -> {
                        if (firstReported[0] < 0) {
                            firstReported[0] = done;
                        }
                    },
                    CancellationToken.NEVER);
            assertThat(kept).isEqualTo(EmbeddingFile.CHUNK);
            assertThat(firstReported[0])
                    .as("progress continues from the resumed rows")
                    .isGreaterThan(EmbeddingFile.CHUNK);
        }
        assertThat(Files.mismatch(whole, resumed))
                .as("resumed file equals the uninterrupted one byte for byte")
                .isEqualTo(-1L);
        assertThat(PartialNpy.partialFile(resumed)).doesNotExist();
        assertThat(PartialNpy.progressFile(resumed)).doesNotExist();

        // Independent check of the content: each row is the encoder's own embedding of that text alone.
        float[][] rows = NpyFile.read(whole);
        assertThat(rows).hasNumberOfRows(n);
        try (Encoder encoder = TinyEncoders.create(11, 0f)) {
            float[][] direct = encoder.embed(List.of(texts.get(0), texts.get(n - 1)));
            assertThat(dev.nsw.index.Vectors.minRowCosine(new float[][] {rows[0], rows[n - 1]}, direct))
                    .isGreaterThan(0.9999);
        }
    }

    @Test
    void aPartialFileOfOtherTextsOrAnotherModelIsNotResumed() throws Exception {
        int n = EmbeddingFile.CHUNK + 50;
        List<String> texts = texts(n, 5);
        Path out = dir.resolve("e.npy");
        try (Encoder a = TinyEncoders.create(1, 0f);
                Encoder b = TinyEncoders.create(2, 0f)) {
            CancellationToken cancel = new CancellationToken();
            assertThatThrownBy(() -> EmbeddingFile.write(
                            a,
                            texts,
                            out,
                            "corpus-a",
                            "corpus",
                            (done, total, m) -> {
                                if (done > EmbeddingFile.CHUNK) {
                                    cancel.cancel();
                                }
                            },
                            cancel))
                    .isInstanceOf(CancelledException.class);
            assertThat(PartialNpy.resumableRows(out, a.embeddingIdentity().line() + "\ncorpus-a", n, a.dimension()))
                    .isPresent();

            assertThat(EmbeddingFile.write(
                            a, texts, out, "corpus-b", "corpus", ProgressListener.NONE, CancellationToken.NEVER))
                    .as("other texts")
                    .isZero();
            Files.delete(out);
            CancellationToken again = new CancellationToken();
            assertThatThrownBy(() -> EmbeddingFile.write(
                            a,
                            texts,
                            out,
                            "corpus-a",
                            "corpus",
                            (done, total, m) -> {
                                if (done > EmbeddingFile.CHUNK) {
                                    again.cancel();
                                }
                            },
                            again))
                    .isInstanceOf(CancelledException.class);
            assertThat(EmbeddingFile.write(
                            b, texts, out, "corpus-a", "corpus", ProgressListener.NONE, CancellationToken.NEVER))
                    .as("another model")
                    .isZero();
            float[][] rows = NpyFile.read(out);
            assertThat(dev.nsw.index.Vectors.minRowCosine(new float[][] {rows[0]}, b.embed(List.of(texts.get(0)))))
                    .isGreaterThan(0.9999);
        }
    }
}
