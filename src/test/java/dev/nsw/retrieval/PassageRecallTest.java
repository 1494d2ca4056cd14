package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.index.MaxPassageIndex;
import dev.nsw.index.VectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PassageWindows;
import dev.nsw.train.TinyEncoders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MaxP end to end with a tiny model that reads 16 tokens: a corpus cut into passages, embedded (and cached), indexed,
 * searched by document, saved and opened again with the checks that bind it to its corpus and window.
 */
class PassageRecallTest {
    @TempDir
    Path dir;

    static Encoder encoder;
    static Encoder longer;

    /** Short documents and two long ones; the long ones' later parts are what two queries ask for. */
    static final List<Document> DOCS = List.of(
            new Document("s1", "北京天气怎么样"),
            new Document("long1", "上海的美食很多小笼包生煎包都很有名。" + "外滩的夜景非常漂亮，游客很多。" + "广州早茶有虾饺烧卖和肠粉，早上去最好"),
            new Document("s2", "手机没电了怎么办"),
            new Document("long2", "学习英语要多听多说多读多写，坚持每天练习。" + "背单词可以用卡片，也可以在手机上用软件"),
            new Document("s3", "感冒了吃什么药"));

    @BeforeAll
    static void open() throws Exception {
        encoder = TinyEncoders.create(3, 0f); // max_seq_length 16
        longer = TinyEncoders.create(
                TinyEncoders.config(0f),
                3,
                EncoderOptions.defaults()
                        .withMaxSeqLength(32)
                        .withOutputEmbSize(EncoderOptions.KEEP)
                        .withThreads(1));
    }

    @AfterAll
    static void close() {
        encoder.close();
        longer.close();
    }

    static Corpus corpus() {
        return Corpus.of(DOCS);
    }

    @Test
    void documentsAreCutAndMappedBackAndShortOnesStayWhole() {
        PassageCorpus cut = DenseRecall.split(
                encoder, corpus(), PassageWindows.of(16), ProgressListener.NONE, CancellationToken.NEVER);
        Map<String, Integer> per = new HashMap<>();
        cut.documentIds().forEach(id -> per.merge(id, 1, Integer::sum));
        assertThat(per).containsEntry("s1", 1).containsEntry("s2", 1).containsEntry("s3", 1);
        assertThat(per.get("long1")).isGreaterThan(3);
        assertThat(per.get("long2")).isGreaterThan(2);
        // a short document is its own text, once; passages come in corpus order, each inside its document
        assertThat(cut.texts().getFirst()).isEqualTo("北京天气怎么样");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < cut.size(); i++) {
            String doc = corpus().byId(cut.documentIds().get(i)).orElseThrow().text();
            assertThat(doc).contains(cut.texts().get(i));
            if (seen.isEmpty() || !seen.getLast().equals(cut.documentIds().get(i))) {
                seen.add(cut.documentIds().get(i));
            }
        }
        assertThat(seen).containsExactly("s1", "long1", "s2", "long2", "s3");
        assertThat(cut.layout().documents()).isEqualTo(5);
        assertThat(cut.passagesPerDocument()).isEqualTo((double) cut.size() / 5);
        // the window is what the encoder reads
        assertThatThrownBy(() -> DenseRecall.split(
                        encoder, corpus(), PassageWindows.of(32), ProgressListener.NONE, CancellationToken.NEVER))
                .hasMessageContaining("the window is the max_seq_length");
    }

    @Test
    void maxPFindsWhatTruncationCutOffAndEachDocumentComesOnce() throws Exception {
        VectorIndex passages = DenseRecall.openOrBuild(
                encoder,
                corpus(),
                PassageWindows.of(16),
                null,
                null,
                DenseRecall.IndexSpec.exact(),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        VectorIndex truncated = DenseRecall.openOrBuild(
                encoder,
                corpus(),
                null,
                null,
                null,
                DenseRecall.IndexSpec.exact(),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        assertThat(passages).isInstanceOf(MaxPassageIndex.class);
        // A query that is the text of the long document's last passage: MaxP scores the document by that passage
        PassageCorpus cut = DenseRecall.split(
                encoder, corpus(), PassageWindows.of(16), ProgressListener.NONE, CancellationToken.NEVER);
        int last = cut.documentIds().lastIndexOf("long1");
        String tail = cut.texts().get(last);
        List<Query> q = List.of(new Query("q1", tail));
        RecallRun byPassage =
                DenseRecall.recall(encoder, passages, q, 5, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(byPassage.ranking("q1"))
                .extracting(ScoredDoc::docId)
                .doesNotHaveDuplicates()
                .hasSize(5);
        assertThat(byPassage.ranking("q1").getFirst().docId()).isEqualTo("long1");
        assertThat(byPassage.ranking("q1").getFirst().score()).isGreaterThan(0.999); // the passage itself
        RecallRun byDocument =
                DenseRecall.recall(encoder, truncated, q, 5, ProgressListener.NONE, CancellationToken.NEVER);
        double truncatedScore = byDocument.ranking("q1").stream()
                .filter(d -> d.docId().equals("long1"))
                .findFirst()
                .orElseThrow()
                .score();
        assertThat(truncatedScore).isLessThan(0.999); // read truncated, the document never sees its tail
    }

    @Test
    void aSavedIndexOfPassagesIsBoundToItsCorpusAndWindowAndItsEmbeddingsAreCached() throws Exception {
        Path folder = dir.resolve("index");
        DenseIndexBuild.Result built = DenseIndexBuild.run(
                encoder,
                corpus(),
                DenseIndexBuild.EMBED,
                DenseIndexBuild.Request.of(DenseRecall.IndexSpec.exact())
                        .savedTo(folder)
                        .withPassages(PassageWindows.of(16)),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        int n = built.index().size();
        VectorIndex opened = DenseRecall.openIndex(folder, encoder, corpus());
        assertThat(opened).isInstanceOf(MaxPassageIndex.class);
        assertThat(opened.size()).isEqualTo(n);
        assertThat(CorpusReading.passagesOf(folder)).contains(new dev.nsw.index.IndexMetadata.Passages(16, 7, 5));
        // another window than the encoder reads, an edited corpus, the old entry point: each refused in one line
        assertThatThrownBy(() -> DenseRecall.openIndex(folder, longer, corpus()))
                .hasMessageContaining("16-token windows but the encoder reads 32 tokens: give --max_seq_length 16");
        List<Document> edited = new ArrayList<>(DOCS);
        edited.set(1, new Document("long1", DOCS.get(1).text().replace("外滩", "豫园")));
        assertThatThrownBy(() -> DenseRecall.openIndex(folder, encoder, Corpus.of(edited)))
                .hasMessageContaining("was built from another corpus");
        assertThatThrownBy(() -> DenseRecall.openIndex(folder, encoder.modelId(), corpus()))
                .hasMessageContaining("holds passages of 16-token windows");
        // the passages' embedding cache: written once, then read
        Path npy = dir.resolve("passages.npy");
        PassageCorpus cut = DenseRecall.split(
                encoder, corpus(), PassageWindows.of(16), ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(CorpusEmbeddings.load(encoder, cut, npy, ProgressListener.NONE, CancellationToken.NEVER)
                        .reused())
                .isFalse();
        CorpusEmbeddings.Cached again =
                CorpusEmbeddings.load(encoder, cut, npy, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(again.reused()).isTrue();
        assertThat(again.vectors()).hasDimensions(n, built.vectors()[0].length);
        for (int i = 0; i < n; i++) {
            assertThat(again.vectors()[i]).containsExactly(built.vectors()[i]);
        }
    }
}
