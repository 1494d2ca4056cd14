package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one dense index build (nsw index, the Index panel): its stages, sources and what it saves. */
class DenseIndexBuildTest {
    @TempDir
    Path dir;

    static Encoder encoder;
    static final List<String> TEXTS = IntStream.range(0, 60)
            .mapToObj(
                    i -> "文档" + i + (i % 3 == 0 ? " 北京天气" : i % 3 == 1 ? " 上海美食" : " 广州早茶") + " 第" + (i * 7 % 11) + "段")
            .toList();
    static final List<String> QUERIES = List.of("北京天气怎么样", "上海有什么美食", "广州早茶", "第5段");

    @BeforeAll
    static void open() throws Exception {
        encoder = TinyEncoders.create(3, 0f);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static Corpus corpus() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            docs.add(new Document("d" + i, TEXTS.get(i)));
        }
        return Corpus.of(docs);
    }

    private static float[][] embed(List<String> texts) {
        return DenseRecall.embed(encoder, texts, "texts", ProgressListener.NONE, CancellationToken.NEVER);
    }

    @Test
    void anExactIndexOfTheCorpusEmbeddedNowIsSavedWithoutAnAnnCheck() throws Exception {
        Path folder = dir.resolve("exact");
        DenseIndexBuild.Result r = DenseIndexBuild.run(
                encoder,
                corpus(),
                DenseIndexBuild.EMBED,
                DenseIndexBuild.Request.of(DenseRecall.IndexSpec.exact())
                        .withAnnCheck(QUERIES, 10)
                        .savedTo(folder),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(r.reusedEmbeddings()).isFalse();
        assertThat(r.annRecall()).isNaN(); // exact search: nothing to check
        float[][] expected = embed(TEXTS);
        assertThat(r.vectors()).hasDimensions(TEXTS.size(), expected[0].length);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(r.vectors()[i]).containsExactly(expected[i]);
        }
        VectorIndex saved = DenseRecall.openIndex(folder, encoder.modelId(), corpus());
        assertThat(saved.kind()).isEqualTo("exact");
        assertThat(saved.id(59)).isEqualTo("d59");
        assertThat(saved.search(expected[17], 1).getFirst().id()).isEqualTo("d17");
    }

    @Test
    void anHnswIndexOfReusedVectorsIsAnnCheckedAndKeptInMemory() throws Exception {
        float[][] cached = embed(TEXTS);
        int[] sourceCalls = {0};
        DenseIndexBuild.Vectors source = (enc, docs, p, c) -> {
            sourceCalls[0]++;
            return new CorpusEmbeddings.Cached(cached, true);
        };
        DenseIndexBuild.Result r = DenseIndexBuild.run(
                encoder,
                corpus(),
                source,
                DenseIndexBuild.Request.of(new DenseRecall.IndexSpec("hnsw", 2, 4, 1))
                        .withAnnCheck(QUERIES, 5),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(sourceCalls[0]).isOne();
        assertThat(r.reusedEmbeddings()).isTrue();
        assertThat(r.vectors()).isSameAs(cached);
        assertThat(r.index().searchEf()).hasValue(1);
        double expected =
                AnnRecall.check(r.index(), embed(QUERIES), 5).orElseThrow().recall();
        assertThat(r.annRecall()).isEqualTo(expected).isBetween(0.0, 1.0);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty(); // no folder given: nothing written
        }
    }

    @Test
    void aCancelledBuildSavesNothing() {
        CancellationToken cancel = new CancellationToken();
        DenseIndexBuild.Vectors source = (enc, docs, p, c) -> {
            cancel.cancel(); // as if Cancel was pressed while the corpus was read
            return new CorpusEmbeddings.Cached(embed(TEXTS), true);
        };
        Path folder = dir.resolve("never");
        assertThatThrownBy(() -> DenseIndexBuild.run(
                        encoder,
                        corpus(),
                        source,
                        DenseIndexBuild.Request.of(DenseRecall.IndexSpec.exact())
                                .savedTo(folder),
                        ProgressListener.NONE,
                        cancel))
                .isInstanceOf(CancelledException.class);
        assertThat(folder).doesNotExist();
    }
}
