package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Corpus;
import dev.nsw.data.DataFormatException;
import dev.nsw.data.Document;
import dev.nsw.data.RankingList;
import dev.nsw.data.RankingTriple;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TextPair;
import dev.nsw.data.TrecRunFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegativeMiningTest {
    @TempDir
    Path dir;

    /** The first stage of the tests below: q ranks its golds among real negatives, best first. */
    private static final NegativeMining.CandidateSource FIRST_STAGE = (queries, n, p, c) -> {
        List<List<String>> out = new ArrayList<>();
        for (String q : queries) {
            List<String> ranked = q.equals("q")
                    ? List.of("neg a", "gold", "neg b", " neg a ", "second gold", "q", "neg c", "neg d", "neg e")
                    : List.of("only", "other");
            out.add(ranked.subList(0, Math.min(n, ranked.size())));
        }
        return out;
    };

    private static final List<String> Q_ORDER = List.of("neg a", "neg b", "neg c", "neg d", "neg e");

    @Test
    void nNegativesAreDistinctNonGoldAndInFirstStageOrder() {
        List<TextPair> pairs = List.of(
                new TextPair(1, "q", "gold"), new TextPair(2, "q", "second gold"), new TextPair(3, "lonely", "only"));
        List<String> drawn = new ArrayList<>();
        for (long seed = 0; seed < 30; seed++) {
            NegativeMining.Result r = NegativeMining.mine(
                    pairs, FIRST_STAGE, 50, 3, seed, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(r.mined()).isEqualTo(2);
            assertThat(r.skipped()).isEqualTo(1); // "lonely" has one usable candidate, 3 were asked
            assertThat(r.lists()).extracting(RankingList::line).containsExactly(1L, 2L);
            for (RankingList l : r.lists()) {
                // never the pair's own gold nor the query's other positive, nor the query, nor a repeat
                assertThat(l.negatives()).hasSize(3).doesNotHaveDuplicates().isSubsetOf(Q_ORDER);
                List<Integer> ranks =
                        l.negatives().stream().map(Q_ORDER::indexOf).toList();
                assertThat(ranks).isSorted();
                drawn.addAll(l.negatives());
            }
            assertThat(r.triples()).hasSize(6);
            // deterministic with the seed
            assertThat(NegativeMining.mine(
                                    pairs, FIRST_STAGE, 50, 3, seed, ProgressListener.NONE, CancellationToken.NEVER)
                            .lists())
                    .isEqualTo(r.lists());
        }
        assertThat(new HashSet<>(drawn)).containsExactlyInAnyOrderElementsOf(Q_ORDER); // a draw, not the top 3
        // all usable candidates asked: exactly the first stage's order
        assertThat(NegativeMining.mine(pairs, FIRST_STAGE, 50, 5, 7, ProgressListener.NONE, CancellationToken.NEVER)
                        .lists()
                        .get(0)
                        .negatives())
                .containsExactlyElementsOf(Q_ORDER);
        // only the top --mine_top_n is looked at: the top 4 hold 2 usable texts
        NegativeMining.Result shallow =
                NegativeMining.mine(pairs, FIRST_STAGE, 4, 2, 7, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(shallow.lists().get(0).negatives()).containsExactly("neg a", "neg b");
    }

    @Test
    void oneNegativeDrawsWhatThePairwiseMiningAlwaysDrew() {
        List<TextPair> pairs = List.of(new TextPair(1, "q", "gold"), new TextPair(2, "q", "second gold"));
        for (long seed = 0; seed < 20; seed++) {
            // the rule before N negatives existed, written out: one Random(seed), one nextInt per pair
            java.util.Random random = new java.util.Random(seed);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                expected.add(Q_ORDER.get(random.nextInt(Q_ORDER.size())));
            }
            NegativeMining.Result r =
                    NegativeMining.mine(pairs, FIRST_STAGE, 50, seed, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(r.triples()).extracting(RankingTriple::negative).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void minesFromAFirstStageRunResolvedAgainstTheCorpus() {
        Path pairsFile = TestFiles.write(
                dir, "train.csv", "apple pie\tapple pie recipe\nbanana\tbanana bread\n" + "apple pie\tapple tart\n");
        Path corpusFile = TestFiles.write(
                dir,
                "corpus.csv",
                "apple pie recipe\napple cider\nbanana bread\napple tart\napple juice\nbanana split\n");
        RetrievalDataset set = RetrievalDataset.readRecipe(pairsFile, corpusFile, ReadOptions.STRICT);
        // q1 = "apple pie" (golds: lines 1 and 4), q2 = "banana" (gold: line 3); ids are corpus line numbers
        Path runFile = TestFiles.write(
                dir,
                "first.trec",
                "q1 Q0 4 1 9.0 x\nq1 Q0 2 2 8.0 x\nq1 Q0 1 3 7.0 x\nq1 Q0 5 4 6.0 x\nq1 Q0 6 5 5.0 x\n"
                        + "q2 Q0 3 1 3.0 x\nq2 Q0 6 2 2.0 x\n");
        RecallRun run = TrecRunFile.read(runFile, ReadOptions.STRICT, set);
        NegativeMining.CandidateSource source = NegativeMining.fromRun(runFile, run, set);
        List<TextPair> pairs = dev.nsw.data.RecipeFiles.readPairs(pairsFile, ReadOptions.STRICT)
                .records();
        NegativeMining.Result r =
                NegativeMining.mine(pairs, source, 4, 2, 1, ProgressListener.NONE, CancellationToken.NEVER);
        // the top 4 of q1 minus both golds: cider, juice (split is 5th); banana has one usable text: skipped
        assertThat(r.lists())
                .extracting(RankingList::negatives)
                .containsExactly(List.of("apple cider", "apple juice"), List.of("apple cider", "apple juice"));
        assertThat(r.skipped()).isEqualTo(1);
        NegativeMining.Result one =
                NegativeMining.mine(pairs, source, 4, 1, 1, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(one.lists()).extracting(RankingList::line).containsExactly(1L, 2L, 3L);
        assertThat(one.lists().get(0).negatives()).hasSize(1).isSubsetOf("apple cider", "apple juice");
        assertThat(one.lists().get(1).negatives()).containsExactly("banana split");
        assertThat(one.lists().get(2).negatives()).hasSize(1).isSubsetOf("apple cider", "apple juice");

        // a run over another corpus (BEIR ids) or of another set: one line naming the run file
        Path foreign = TestFiles.write(dir, "beir.trec", "q1 Q0 4983 1 9.0 x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> NegativeMining.fromRun(foreign, TrecRunFile.read(foreign, ReadOptions.STRICT, set), set))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("beir.trec")
                .hasMessageContaining("document id '4983' (query q1) is not in the corpus");
        Path otherSet = TestFiles.write(dir, "other.trec", "7 Q0 1 1 9.0 x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        NegativeMining.fromRun(otherSet, TrecRunFile.read(otherSet, ReadOptions.STRICT, set), set))
                .hasMessageContaining("other.trec")
                .hasMessageContaining("query id '7' is not a query of");
    }

    @Test
    void neverReturnsTheGoldNorADuplicateNorTheQuery() {
        List<TextPair> pairs = List.of(
                new TextPair(1, "q", "gold"), new TextPair(2, "q", "second gold"), new TextPair(3, "lonely", "only"));
        // q's candidates: the gold, a padded duplicate of it, the other positive, the query itself, then real negatives
        NegativeMining.CandidateSource source = (queries, n, p, c) -> {
            List<List<String>> out = new ArrayList<>();
            for (String q : queries) {
                out.add(
                        q.equals("q")
                                ? List.of("gold", " gold ", "second gold", "q", "neg a", "neg b")
                                : List.of("only"));
            }
            return out;
        };
        for (long seed = 0; seed < 20; seed++) {
            NegativeMining.Result r =
                    NegativeMining.mine(pairs, source, 50, seed, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(r.mined()).isEqualTo(2);
            assertThat(r.skipped()).isEqualTo(1); // "lonely" has only its gold
            assertThat(r.triples())
                    .extracting(RankingTriple::negative)
                    .allMatch(n -> n.equals("neg a") || n.equals("neg b"));
            assertThat(r.triples()).extracting(RankingTriple::line).containsExactly(1L, 2L);
        }
    }

    @Test
    void bm25MiningPicksAnotherCorpusText() throws Exception {
        Corpus corpus = Corpus.of(List.of(
                new Document("1", "apple pie recipe"),
                new Document("2", "apple cider"),
                new Document("3", "banana bread recipe"),
                new Document("4", "banana split")));
        List<TextPair> pairs = List.of(
                new TextPair(1, "apple pie", "apple pie recipe"),
                new TextPair(2, "banana bread", "banana bread recipe"));
        try (Bm25Index index = Bm25Index.buildInMemory(
                corpus,
                Bm25Options.defaults(LexicalAnalyzer.STANDARD),
                ProgressListener.NONE,
                CancellationToken.NEVER)) {
            NegativeMining.Result r = NegativeMining.mine(
                    pairs, NegativeMining.bm25(index, corpus), 2, 1, ProgressListener.NONE, CancellationToken.NEVER);
            assertThat(r.mined()).isEqualTo(2);
            assertThat(r.triples().get(0).negative()).isEqualTo("apple cider");
            assertThat(r.triples().get(1).negative()).isEqualTo("banana split");
        }
    }
}
