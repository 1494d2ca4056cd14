package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.RankingTriple;
import dev.nsw.data.TextPair;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegativeMiningTest {
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
