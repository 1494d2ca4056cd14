package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.io.LockHolder;
import dev.nsw.io.NpyFile;
import dev.nsw.io.PartialNpy;
import dev.nsw.io.RefusedWriteException;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, items 3 and 4: one writer per embedding file (two {@code embed --output same.npy}, two jobs on one
 * {@code --corpus_embeddings} cache), and an embedding bound to every setting that changes its vectors — a run
 * resumed or a cache read at another {@code max_seq_length} mixed two lengths in one file before.
 */
class EmbeddingWritersTest {
    @TempDir
    Path dir;

    static Encoder len16;
    static Encoder len4;

    @BeforeAll
    static void encoders() throws Exception {
        len16 = TinyEncoders.create(7, 0f);
        // the very same weights (same model id), read at 4 tokens
        len4 = TinyEncoders.create(
                TinyEncoders.config(0f),
                7,
                EncoderOptions.defaults()
                        .withMaxSeqLength(4)
                        .withOutputEmbSize(EncoderOptions.KEEP)
                        .withThreads(1));
    }

    @AfterAll
    static void close() {
        len16.close();
        len4.close();
    }

    private static List<String> texts(String prefix, int n) {
        String[] words = {"北京", "天气", "如何", "学习", "深度", "模型", "检索", "向量", "今天", "上海", "医院", "手机"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + words[i % words.length] + words[(i * 7) % words.length] + words[(i * 5) % words.length]);
        }
        return out;
    }

    private static Corpus corpus(List<String> texts) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            docs.add(new Document("d" + i, texts.get(i)));
        }
        return Corpus.of(docs);
    }

    @Test
    void theIdentityHoldsEverySettingThatChangesAVector() {
        assertThat(len16.modelId()).isEqualTo(len4.modelId());
        assertThat(len16.embeddingIdentity()).isNotEqualTo(len4.embeddingIdentity());
        assertThat(len16.embeddingIdentity().line())
                .isEqualTo("embedding model=" + len16.modelId()
                        + " max_seq_length=16 pooling=cls dimension=16 normalization=l2 precision=fp32");
        assertThat(dev.nsw.encoder.EmbeddingIdentity.parse(
                        len16.embeddingIdentity().line()))
                .contains(len16.embeddingIdentity());
        assertThat(len4.embeddingIdentity()
                        .differenceFrom(len16.embeddingIdentity().line()))
                .hasValue("it was made with max_seq_length 16, this run 4");
    }

    @Test
    void twoThreadsWritingOneNpyAtOnceOneWinsTheOtherIsRefusedAndTheFileIsTheWinnersWhole() throws Exception {
        Path out = dir.resolve("same.npy");
        List<String> a = texts("甲", 300);
        List<String> b = texts("乙", 300);
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        List<List<String>> won = new CopyOnWriteArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (List<String> texts : List.of(a, b)) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    try {
                        EmbeddingFile.write(
                                len16, texts, out, "texts", "texts", ProgressListener.NONE, CancellationToken.NEVER);
                        won.add(texts);
                    } catch (RefusedWriteException e) {
                        refused.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : jobs) {
                f.get();
            }
        }
        // one after the other is allowed (each then wrote a whole file); at once, the second is refused in one line
        assertThat(won.size() + refused.size()).isEqualTo(2);
        refused.forEach(e -> assertThat(e).hasMessageContaining("same.npy is in use by process"));
        List<String> last = won.getLast();
        float[][] rows = NpyFile.read(out);
        float[][] expected = len16.embed(last);
        assertThat(rows).hasNumberOfRows(300);
        for (int i = 0; i < rows.length; i++) {
            assertThat(rows[i])
                    .as("row %d is the winner's own", i)
                    .containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aSecondProcessWritingTheSameNpyGetsInUseByProcessN() throws Exception {
        Path out = dir.resolve("emb.npy");
        Process holder = LockHolder.start(out, true);
        try {
            assertThatThrownBy(() -> EmbeddingFile.write(
                            len16, texts("x", 5), out, "t", "texts", ProgressListener.NONE, CancellationToken.NEVER))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining("emb.npy is in use by process " + holder.pid())
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> CorpusEmbeddings.load(
                            len16, corpus(texts("x", 5)), out, ProgressListener.NONE, CancellationToken.NEVER))
                    .hasMessageContaining("in use by process " + holder.pid());
            assertThat(out).doesNotExist();
            assertThat(PartialNpy.partialFile(out)).doesNotExist();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        EmbeddingFile.write(len16, texts("x", 5), out, "t", "texts", ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(NpyFile.read(out)).hasNumberOfRows(5);
    }

    @Test
    void twoJobsOnOneCacheNeverLeaveItBoundToTheWrongCorpus() throws Exception {
        Path cache = dir.resolve("cache.npy");
        Corpus a = corpus(texts("甲", 200));
        Corpus b = corpus(texts("乙", 200));
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (Corpus c : List.of(a, b)) {
                pool.submit(() -> {
                    start.await();
                    try {
                        CorpusEmbeddings.load(len16, c, cache, ProgressListener.NONE, CancellationToken.NEVER);
                    } catch (RefusedWriteException e) {
                        assertThat(e).hasMessageContaining("in use by process");
                    }
                    return null;
                });
            }
            start.countDown();
        }
        // whichever wrote it, a cache hit returns exactly that corpus's own vectors
        for (Corpus c : List.of(a, b)) {
            CorpusEmbeddings.Cached got =
                    CorpusEmbeddings.load(len16, c, cache, ProgressListener.NONE, CancellationToken.NEVER);
            float[][] own =
                    len16.embed(c.documents().stream().map(Document::text).toList());
            for (int i = 0; i < own.length; i++) {
                assertThat(got.vectors()[i]).containsExactly(own[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void aRunInterruptedAtOneLengthIsNotResumedAtAnotherAndSaysWhy() throws Exception {
        int n = EmbeddingFile.CHUNK + 40;
        List<String> texts = texts("长", n);
        Path out = dir.resolve("e.npy");
        CancellationToken cancel = new CancellationToken();
        assertThatThrownBy(() -> EmbeddingFile.write(
                        len16,
                        texts,
                        out,
                        "t",
                        "texts",
                        (done, total, m) -> {
                            if (done > EmbeddingFile.CHUNK) {
                                cancel.cancel();
                            }
                        },
                        cancel))
                .isInstanceOf(CancelledException.class);
        List<String> said = new CopyOnWriteArrayList<>();
        long kept =
                EmbeddingFile.write(len4, texts, out, "t", "texts", (d, t, m) -> said.add(m), CancellationToken.NEVER);
        assertThat(kept).as("nothing of the 16-token run is resumed").isZero();
        assertThat(said.getFirst())
                .contains("not resuming the unfinished .e.npy.partial")
                .contains("max_seq_length 16, this run 4");
        float[][] rows = NpyFile.read(out);
        float[][] first = len4.embed(List.of(texts.getFirst()));
        assertThat(rows[0]).containsExactly(first[0], org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aCacheMadeAtOneLengthOrByAnOlderNswIsReEmbeddedWithOneLineNeverRead() throws Exception {
        Corpus c = corpus(texts("缓", 30));
        Path cache = dir.resolve("c.npy");
        CorpusEmbeddings.load(len16, c, cache, ProgressListener.NONE, CancellationToken.NEVER);
        List<String> said = new CopyOnWriteArrayList<>();
        CorpusEmbeddings.Cached at4 =
                CorpusEmbeddings.load(len4, c, cache, (d, t, m) -> said.add(m), CancellationToken.NEVER);
        assertThat(at4.reused()).isFalse();
        assertThat(said.getFirst()).contains("not using the cache").contains("max_seq_length 16, this run 4");
        assertThat(at4.vectors()[0])
                .containsExactly(len4.embed(List.of(c.get(0).text()))[0], org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(CorpusEmbeddings.load(len4, c, cache, ProgressListener.NONE, CancellationToken.NEVER)
                        .reused())
                .isTrue();

        // a sidecar as nsw wrote it before identities (model id, corpus fingerprint): re-embedded, saying why
        Files.writeString(CorpusEmbeddings.sidecar(cache), len4.modelId() + "\n" + c.fingerprint() + "\n");
        said.clear();
        assertThat(CorpusEmbeddings.load(len4, c, cache, (d, t, m) -> said.add(m), CancellationToken.NEVER)
                        .reused())
                .isFalse();
        assertThat(said.getFirst()).contains("recorded without max_seq_length");

        // the .npy swapped under its sidecar (a crash between the two writes, or an edit): not read
        NpyFile.write(
                cache, len16.embed(c.documents().stream().map(Document::text).toList()));
        said.clear();
        assertThat(CorpusEmbeddings.load(len4, c, cache, (d, t, m) -> said.add(m), CancellationToken.NEVER)
                        .reused())
                .isFalse();
        assertThat(said.getFirst()).contains("is not the one its c.npy.model-id describes");
    }
}
