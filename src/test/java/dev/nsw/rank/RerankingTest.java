package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankingTest {
    private final Corpus corpus = Corpus.of(List.of(new Document("1", "apple pie"), new Document("2", "banana bread"),
            new Document("3", "cherry tart"), new Document("4", "date cake"), new Document("5", "elderberry jam")));
    /** gold of q1 is doc 3 (recalled third), of q2 doc 1 (recalled last), q3 recalled nothing. */
    private final Map<String, String> gold = Map.of("q1", "cherry tart", "q2", "apple pie");
    private final Map<String, String> queries = new LinkedHashMap<>(Map.of("q1", "cherry", "q2", "apple", "q3", "zzz"));

    private RecallRun recalled() {
        Map<String, List<ScoredDoc>> r = new LinkedHashMap<>();
        r.put("q1", List.of(new ScoredDoc("1", 0.9), new ScoredDoc("2", 0.8), new ScoredDoc("3", 0.7), new ScoredDoc("4", 0.6)));
        r.put("q2", List.of(new ScoredDoc("5", 0.9), new ScoredDoc("2", 0.8), new ScoredDoc("1", 0.7)));
        r.put("q3", List.of());
        return new RecallRun("cosine", r);
    }

    /** 1 for the gold title of the query, 0 otherwise. */
    private final PairScorer prefersGold = (q, t, progress, cancel) -> {
        float[] s = new float[q.size()];
        for (int i = 0; i < s.length; i++) {
            String text = q.get(i);
            String query = queries.entrySet().stream().filter(e -> e.getValue().equals(text)).findFirst().orElseThrow().getKey();
            s[i] = t.get(i).equals(gold.get(query)) ? 1f : 0f;
        }
        return s;
    };

    @Test
    void movesTheGoldToRankOneAndKeepsEveryQuery() {
        RecallRun out = Reranking.rerank(recalled(), queries, corpus, 10, prefersGold, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(out.rankings().keySet()).containsExactly("q1", "q2", "q3");
        assertThat(out.ranking("q1")).extracting(ScoredDoc::docId).containsExactly("3", "1", "2", "4"); // ties keep recall order
        assertThat(out.ranking("q2")).extracting(ScoredDoc::docId).containsExactly("1", "5", "2");
        assertThat(out.ranking("q3")).isEmpty();
    }

    @Test
    void onlyReordersTheTopNAndNeverAddsCandidates() {
        RecallRun in = recalled();
        RecallRun out = Reranking.rerank(in, queries, corpus, 2, prefersGold, ProgressListener.NONE, CancellationToken.NEVER);
        // q1's gold was recalled third: outside the top 2, so it cannot appear
        assertThat(out.ranking("q1")).extracting(ScoredDoc::docId).containsExactlyInAnyOrder("1", "2");
        assertThat(out.ranking("q2")).extracting(ScoredDoc::docId).containsExactlyInAnyOrder("5", "2");
        for (String q : in.rankings().keySet()) {
            assertThat(in.ranking(q).stream().map(ScoredDoc::docId).toList())
                    .containsAll(out.ranking(q).stream().map(ScoredDoc::docId).toList());
        }
    }

    @Test
    void scoresEveryPairInOneCall() {
        int[] calls = {0};
        PairScorer counting = (q, t, p, c) -> {
            calls[0]++;
            return new float[q.size()];
        };
        Reranking.rerank(recalled(), queries, corpus, 50, counting, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void rejectsUnknownQueryOrDocument() {
        assertThatThrownBy(() -> Reranking.rerank(recalled(), Map.of("q1", "x"), corpus, 5, prefersGold, ProgressListener.NONE,
                CancellationToken.NEVER)).hasMessageContaining("no text for query");
        RecallRun bad = new RecallRun("cosine", Map.of("q1", List.of(new ScoredDoc("99", 1))));
        assertThatThrownBy(() -> Reranking.rerank(bad, queries, corpus, 5, prefersGold, ProgressListener.NONE, CancellationToken.NEVER))
                .hasMessageContaining("not in the corpus");
    }
}
