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
    private final Corpus corpus = Corpus.of(List.of(
            new Document("1", "apple pie"),
            new Document("2", "banana bread"),
            new Document("3", "cherry tart"),
            new Document("4", "date cake"),
            new Document("5", "elderberry jam")));
    /** gold of q1 is doc 3 (recalled third), of q2 doc 1 (recalled last), q3 recalled nothing. */
    private final Map<String, String> gold = Map.of("q1", "cherry tart", "q2", "apple pie");

    private final Map<String, String> queries = new LinkedHashMap<>(Map.of("q1", "cherry", "q2", "apple", "q3", "zzz"));

    private RecallRun recalled() {
        Map<String, List<ScoredDoc>> r = new LinkedHashMap<>();
        r.put(
                "q1",
                List.of(
                        new ScoredDoc("1", 0.9),
                        new ScoredDoc("2", 0.8),
                        new ScoredDoc("3", 0.7),
                        new ScoredDoc("4", 0.6)));
        r.put("q2", List.of(new ScoredDoc("5", 0.9), new ScoredDoc("2", 0.8), new ScoredDoc("1", 0.7)));
        r.put("q3", List.of());
        return new RecallRun("cosine", r);
    }

    /** 1 for the gold title of the query, 0 otherwise. */
    private final PairScorer prefersGold = (q, t, progress, cancel) -> {
        float[] s = new float[q.size()];
        for (int i = 0; i < s.length; i++) {
            String text = q.get(i);
            String query = queries.entrySet().stream()
                    .filter(e -> e.getValue().equals(text))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            s[i] = t.get(i).equals(gold.get(query)) ? 1f : 0f;
        }
        return s;
    };

    @Test
    void movesTheGoldToRankOneAndKeepsEveryQuery() {
        RecallRun out = Reranking.rerank(
                recalled(), queries, corpus, 10, prefersGold, ProgressListener.NONE, CancellationToken.NEVER);
        assertThat(out.rankings().keySet()).containsExactly("q1", "q2", "q3");
        assertThat(out.ranking("q1"))
                .extracting(ScoredDoc::docId)
                .containsExactly("3", "4", "2", "1"); // ties by document id, descending (RankingOrder)
        assertThat(out.ranking("q2")).extracting(ScoredDoc::docId).containsExactly("1", "5", "2");
        assertThat(out.ranking("q3")).isEmpty();
    }

    @Test
    void onlyReordersTheTopNAndNeverAddsCandidates() {
        RecallRun in = recalled();
        RecallRun out =
                Reranking.rerank(in, queries, corpus, 2, prefersGold, ProgressListener.NONE, CancellationToken.NEVER);
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
        assertThatThrownBy(() -> Reranking.rerank(
                        recalled(),
                        Map.of("q1", "x"),
                        corpus,
                        5,
                        prefersGold,
                        ProgressListener.NONE,
                        CancellationToken.NEVER))
                .hasMessageContaining("no text for query");
        RecallRun bad = new RecallRun("cosine", Map.of("q1", List.of(new ScoredDoc("99", 1))));
        assertThatThrownBy(() -> Reranking.rerank(
                        bad, queries, corpus, 5, prefersGold, ProgressListener.NONE, CancellationToken.NEVER))
                .hasMessageContaining("not in the corpus");
    }

    /** The mix written out by hand: min-max per query, then w · rerank' + (1 − w) · first'. */
    @Test
    void combineMixesNormalisedScoresAndItsEndsAreTheTwoRuns() {
        RecallRun first = new RecallRun(
                "cosine",
                Map.of(
                        "q",
                        List.of(
                                new ScoredDoc("1", 0.9),
                                new ScoredDoc("2", 0.8),
                                new ScoredDoc("3", 0.7),
                                new ScoredDoc("4", 0.1))));
        RecallRun reranked = new RecallRun(
                "probability",
                Map.of("q", List.of(new ScoredDoc("3", 0.9), new ScoredDoc("1", 0.5), new ScoredDoc("2", 0.1))));
        // top 3 of the first stage: first' = {1: 1, 2: 0.5, 3: 0}; rerank' = {3: 1, 1: 0.5, 2: 0}
        // w = 0.5: 1 → 0.75, 2 → 0.25, 3 → 0.5
        RecallRun half = Reranking.combine(first, reranked, 0.5, 3);
        assertThat(half.ranking("q")).extracting(ScoredDoc::docId).containsExactly("1", "3", "2");
        assertThat(half.ranking("q").stream().mapToDouble(ScoredDoc::score).toArray())
                .containsExactly(new double[] {0.75, 0.5, 0.25}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Reranking.combine(first, reranked, 0, 3).ranking("q"))
                .extracting(ScoredDoc::docId)
                .containsExactly("1", "2", "3");
        assertThat(Reranking.combine(first, reranked, 1, 3).ranking("q"))
                .extracting(ScoredDoc::docId)
                .containsExactly("3", "1", "2");
    }

    /** Tuned on dev, the mix is never below the first stage there: w = 0 is always a candidate. */
    @Test
    void aTunedWeightIsNeverWorseThanTheFirstStageOnDev() {
        // q1: the reranker is right (gold 3 to the top); q2: it is confidently wrong (gold 5 to the bottom)
        RecallRun first = new RecallRun(
                "cosine",
                new LinkedHashMap<>(Map.of(
                        "q1", List.of(new ScoredDoc("1", 0.9), new ScoredDoc("2", 0.85), new ScoredDoc("3", 0.8)),
                        "q2", List.of(new ScoredDoc("5", 0.9), new ScoredDoc("2", 0.3), new ScoredDoc("4", 0.2)))));
        RecallRun reranked = new RecallRun(
                "probability",
                new LinkedHashMap<>(Map.of(
                        "q1", List.of(new ScoredDoc("3", 0.9), new ScoredDoc("1", 0.2), new ScoredDoc("2", 0.1)),
                        "q2", List.of(new ScoredDoc("2", 0.9), new ScoredDoc("4", 0.8), new ScoredDoc("5", 0.7)))));
        Map<String, String> golds = Map.of("q1", "3", "q2", "5");
        java.util.function.ToDoubleFunction<RecallRun> mrr = run -> golds.entrySet().stream()
                .mapToDouble(e -> {
                    List<ScoredDoc> r = run.ranking(e.getKey());
                    for (int i = 0; i < r.size(); i++) {
                        if (r.get(i).docId().equals(e.getValue())) {
                            return 1.0 / (i + 1);
                        }
                    }
                    return 0;
                })
                .average()
                .orElse(0);
        double firstAlone = mrr.applyAsDouble(first); // (1/3 + 1) / 2
        double rerankerAlone = mrr.applyAsDouble(Reranking.combine(first, reranked, 1, 3)); // (1 + 1/3) / 2
        var t = Reranking.tuneWeight(first, reranked, 3, mrr);
        assertThat(t.curve().get(0.0)).isEqualTo(firstAlone);
        assertThat(t.objective()).isGreaterThanOrEqualTo(firstAlone).isGreaterThanOrEqualTo(rerankerAlone);
        // a middle weight puts both golds first: q1 3 → w·1 + (1−w)·0 beats 1 → (1−w)·1 + w·(0.2−0.1)/0.8 when w >
        // ~0.53;
        // q2 5 → (1−w)·1 beats 2 → w·1 + (1−w)·(0.3−0.2)/0.7 when w < ~0.46 — so no single w wins both, and the best is
        // 0.75
        assertThat(t.objective()).isEqualTo(0.75);
    }
}
