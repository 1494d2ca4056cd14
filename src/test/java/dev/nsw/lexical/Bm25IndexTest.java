package dev.nsw.lexical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import dev.nsw.job.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bm25IndexTest {
    @TempDir
    Path dir;

    private static final Corpus ENGLISH = Corpus.of(List.of(
            new Document("cat", "The cat sat on the mat"),
            new Document("dog", "The dog chased the cat around the garden"),
            new Document("photon", "Quantum entanglement of photons"),
            new Document("mixed", "A dog, a cat and a quantum computer"),
            new Document("other", "Bread needs flour, water and yeast")));

    private static Bm25Index english() {
        return Bm25Index.buildInMemory(
                ENGLISH, Bm25Options.defaults(LexicalAnalyzer.ENGLISH), ProgressListener.NONE, CancellationToken.NEVER);
    }

    @Test
    void documentMatchingMoreAndRarerTermsRanksFirst() throws Exception {
        try (Bm25Index index = english()) {
            List<ScoredDoc> hits = index.search("quantum photons", 10);
            // "photon" matches both terms (one of them rare); "mixed" matches only "quantum".
            assertThat(hits).extracting(ScoredDoc::docId).containsExactly("photon", "mixed");
            assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
            // Stemming: "chasing" and "gardens" reach "chased ... garden".
            assertThat(index.search("chasing gardens", 3))
                    .extracting(ScoredDoc::docId)
                    .first()
                    .isEqualTo("dog");
            assertThat(index.search("zebra", 10)).isEmpty();
            assertThat(index.search("the and of", 10)).as("stop words only").isEmpty();
            assertThat(index.search("cat", 2)).hasSize(2);
            assertThat(index.documents()).isEqualTo(5);
        }
    }

    @Test
    void queryWithLuceneSyntaxCharactersIsPlainText() throws Exception {
        try (Bm25Index index = english()) {
            assertThatCode(() -> index.search("a:b \"c", 5)).doesNotThrowAnyException();
            assertThatCode(() -> index.search("(cat AND [dog TO *] ~2 ^3 \\ /re/", 5))
                    .doesNotThrowAnyException();
            assertThat(index.search("photons \"quantum", 5))
                    .extracting(ScoredDoc::docId)
                    .first()
                    .isEqualTo("photon");
            assertThat(index.search("", 5)).isEmpty();
        }
    }

    @Test
    void persistedIndexReopensWithIdenticalResults() throws Exception {
        Path folder = dir.resolve("bm25");
        Bm25Options options = new Bm25Options(LexicalAnalyzer.ENGLISH, 0.9f, 0.4f);
        List<ScoredDoc> built;
        try (Bm25Index index =
                Bm25Index.build(ENGLISH, folder, options, ProgressListener.NONE, CancellationToken.NEVER)) {
            built = index.search("dog cat quantum", 5);
        }
        assertThat(folder.resolve(Bm25Index.META_FILE)).isRegularFile();
        try (Bm25Index reopened = Bm25Index.open(folder)) {
            assertThat(reopened.options()).isEqualTo(options);
            assertThat(reopened.search("dog cat quantum", 5)).isEqualTo(built);
        }
        // Rebuilding over an existing index replaces it and leaves no temporary folders behind.
        Corpus small = Corpus.of(List.of(new Document("only", "a lonely quantum dog")));
        try (Bm25Index rebuilt =
                Bm25Index.build(small, folder, options, ProgressListener.NONE, CancellationToken.NEVER)) {
            assertThat(rebuilt.documents()).isEqualTo(1);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bm25", ".bm25.nsw-lock");
        }
    }

    @Test
    void kAndBParametersChangeScores() throws Exception {
        try (Bm25Index flat = Bm25Index.buildInMemory(
                        ENGLISH,
                        new Bm25Options(LexicalAnalyzer.ENGLISH, 1.2f, 0f),
                        ProgressListener.NONE,
                        CancellationToken.NEVER);
                Bm25Index normalised = english()) {
            assertThat(flat.search("cat", 5)).isNotEqualTo(normalised.search("cat", 5));
        }
    }

    @Test
    void openingAFolderThatIsNotAnIndexFails() {
        assertThatThrownBy(() -> Bm25Index.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a BM25 index");
    }

    @Test
    void invalidK1AndBAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, -0.5f, 0.75f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k1 must be a finite number >= 0, got -0.5");
        assertThatThrownBy(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, Float.NaN, 0.75f))
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, Float.POSITIVE_INFINITY, 0.75f))
                .hasMessageContaining("k1");
        assertThatThrownBy(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, 1.2f, 1.5f))
                .hasMessage("b must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, 1.2f, -0.1f))
                .hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> new Bm25Options(null, 1.2f, 0.75f)).hasMessageContaining("analyzer");
        assertThatCode(() -> new Bm25Options(LexicalAnalyzer.ENGLISH, 0f, 1f)).doesNotThrowAnyException();
    }

    @Test
    void defaultAnalyzerFollowsTheScript() {
        assertThat(LexicalAnalyzer.defaultFor(List.of("手机充不进电是怎么回事", "苹果手机怎么截屏")))
                .isEqualTo(LexicalAnalyzer.STANDARD);
        assertThat(LexicalAnalyzer.defaultFor(List.of("Why is the sky blue?", "Ice floats")))
                .isEqualTo(LexicalAnalyzer.ENGLISH);
        // Chinese with Latin product names is still Chinese.
        assertThat(LexicalAnalyzer.defaultFor(List.of("iPhone如何截取屏幕画面"))).isEqualTo(LexicalAnalyzer.STANDARD);
        assertThat(LexicalAnalyzer.defaultFor(List.of())).isEqualTo(LexicalAnalyzer.ENGLISH);
        assertThat(LexicalAnalyzer.defaultFor(List.of("123 456 !!!"))).isEqualTo(LexicalAnalyzer.ENGLISH);
    }

    @Test
    void cliNamesRoundTrip() {
        for (LexicalAnalyzer a : LexicalAnalyzer.values()) {
            assertThat(LexicalAnalyzer.fromCliName(a.cliName())).isEqualTo(a);
        }
        assertThat(LexicalAnalyzer.fromCliName("CJK-Bigram")).isEqualTo(LexicalAnalyzer.CJK_BIGRAM);
        assertThatThrownBy(() -> LexicalAnalyzer.fromCliName("klingon"))
                .hasMessageContaining("unknown analyzer 'klingon'");
    }

    @Test
    void chineseCharacterUnigramsFindTheParaphraseSharingMostCharacters() throws Exception {
        Corpus zh = Corpus.of(List.of(
                new Document("1", "苹果手机怎么换壁纸"), new Document("2", "手机截屏有哪几种方法"), new Document("3", "红烧肉怎么做才不腻")));
        try (Bm25Index index = Bm25Index.buildInMemory(
                zh, Bm25Options.defaults(LexicalAnalyzer.STANDARD), ProgressListener.NONE, CancellationToken.NEVER)) {
            assertThat(index.search("怎样截屏", 3))
                    .extracting(ScoredDoc::docId)
                    .first()
                    .isEqualTo("2");
            assertThat(index.search("红烧肉", 3)).extracting(ScoredDoc::docId).containsExactly("3");
        }
    }

    @Test
    void searchAllKeepsQueryOrderAndMatchesSingleSearches() throws Exception {
        List<Query> queries = List.of(
                new Query("a", "quantum photons"),
                new Query("b", "zebra"),
                new Query("c", "bread yeast"),
                new Query("d", "cat mat"));
        try (Bm25Index index = english()) {
            RecallRun run = index.searchAll(queries, 3, 2, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(run.rankings().keySet()).containsExactly("a", "b", "c", "d");
            for (Query q : queries) {
                assertThat(run.ranking(q.id())).isEqualTo(index.search(q.text(), 3));
            }
            assertThat(run.ranking("b")).isEmpty();
        }
    }

    @Test
    void cancelledBuildStops() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        assertThatThrownBy(() -> Bm25Index.build(
                        ENGLISH,
                        dir.resolve("x"),
                        Bm25Options.defaults(LexicalAnalyzer.ENGLISH),
                        ProgressListener.NONE,
                        cancel))
                .isInstanceOf(CancelledException.class);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    /**
     * Ten documents with one text under ten ids (a BEIR corpus keeps them all) tie for every query: whatever
     * order Lucene finds them in, the top k is the k highest ids, in trec_eval's order, and a deeper search
     * starts with the same k.
     */
    @Test
    void tiesAtTheCutOffGoByTheOneOrderNotByIndexOrder() throws Exception {
        List<Document> docs = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            docs.add(new Document("d" + i, "tied words everywhere"));
        }
        docs.add(new Document("x", "tied words tied words tied"));
        Corpus corpus = Corpus.of(docs, Corpus.Identity.BY_ID);
        assertThat(corpus.size()).isEqualTo(11);
        try (Bm25Index index = Bm25Index.buildInMemory(
                corpus,
                Bm25Options.defaults(LexicalAnalyzer.ENGLISH),
                ProgressListener.NONE,
                CancellationToken.NEVER)) {
            List<ScoredDoc> top3 = index.search("tied", 3);
            assertThat(top3).extracting(ScoredDoc::docId).containsExactly("x", "d9", "d8");
            List<ScoredDoc> all = index.search("tied", 50);
            assertThat(all).hasSize(11);
            assertThat(all.subList(0, 3)).isEqualTo(top3);
            assertThat(all).extracting(ScoredDoc::docId).endsWith("d1", "d0");
            assertThat(dev.nsw.data.RankingOrder.isOrdered(all)).isTrue();
        }
    }
}
