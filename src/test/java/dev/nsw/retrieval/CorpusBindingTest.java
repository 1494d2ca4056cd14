package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.index.VectorIndex;
import dev.nsw.io.RefusedWriteException;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexes and embedding caches are bound to the texts they embed, not only to the model and the row count:
 * on main an index answered for a shuffled copy of its corpus (same size, same ids "0".."n-1") with R@1 80 → 0.
 */
class CorpusBindingTest {
    @TempDir
    Path dir;

    private static Corpus corpus(List<String> texts) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            docs.add(new Document(Integer.toString(i), texts.get(i)));
        }
        return Corpus.of(docs);
    }

    private static final List<String> TEXTS = List.of("北京今天晴", "上海小笼包", "广州早茶", "深圳科技园", "杭州西湖");

    @Test
    void anIndexOfOneCorpusRefusesAShuffledCopyNamingBoth() throws Exception {
        Corpus original = corpus(TEXTS);
        Corpus shuffled = corpus(List.of(TEXTS.get(4), TEXTS.get(0), TEXTS.get(1), TEXTS.get(2), TEXTS.get(3)));
        float[][] vectors = new SyntheticEmbeddings(8, 2, 7).corpus(TEXTS.size());
        for (DenseRecall.IndexSpec spec :
                List.of(DenseRecall.IndexSpec.exact(), new DenseRecall.IndexSpec("hnsw", 8, 20, 20))) {
            Path folder = dir.resolve(spec.kind());
            DenseRecall.buildIndex("model-A", vectors, original, spec, ProgressListener.NONE, CancellationToken.NEVER)
                    .save(folder);

            VectorIndex same = DenseRecall.openIndex(folder, "model-A", corpus(TEXTS));
            assertThat(same.corpusFingerprint()).isEqualTo(original.fingerprint());
            assertThatThrownBy(() -> DenseRecall.openIndex(folder, "model-A", shuffled))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(folder.toString())
                    .hasMessageContaining("another corpus")
                    .hasMessageContaining(original.fingerprint().substring(0, 12))
                    .hasMessageContaining(shuffled.fingerprint().substring(0, 12));
        }
    }

    @Test
    void theEmbeddingCacheIsRecomputedForOtherTextsAndAForeignNpyIsNeverOverwritten() throws Exception {
        Corpus original = corpus(TEXTS);
        Corpus shuffled = corpus(TEXTS.reversed());
        Path npy = dir.resolve("corpus_embedding.npy");
        try (Encoder encoder = TinyEncoders.create(3, 0f)) {
            float[][] a = CorpusEmbeddings.loadOrCompute(
                    encoder, original, npy, ProgressListener.NONE, CancellationToken.NEVER);
            float[][] b = CorpusEmbeddings.loadOrCompute(
                    encoder, shuffled, npy, ProgressListener.NONE, CancellationToken.NEVER);
            // b is the shuffled corpus's own embedding: row i of b is row (n-1-i) of a, not a read of the stale cache
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).containsExactly(a[a.length - 1 - i], org.assertj.core.data.Offset.offset(1e-5f));
            }
            Path foreign = Files.writeString(dir.resolve("mine.npy"), "my own numbers");
            assertThatThrownBy(() -> CorpusEmbeddings.loadOrCompute(
                            encoder, original, foreign, ProgressListener.NONE, CancellationToken.NEVER))
                    .isInstanceOf(RefusedWriteException.class)
                    .hasMessageContaining(foreign.toString());
            assertThat(Files.readString(foreign)).isEqualTo("my own numbers");
        }
    }
}
