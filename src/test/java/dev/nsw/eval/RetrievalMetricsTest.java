package dev.nsw.eval;

import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallResultFile;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalMetricsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_5 = Math.log(5) / Math.log(2);

    @TempDir
    Path dir;

    private static RetrievalDataset dataset(String[][] gold) {
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            docs.add(new Document("d" + i, "text " + i));
        }
        Map<String, Query> queries = new LinkedHashMap<>();
        List<GoldPair> pairs = new ArrayList<>();
        for (String[] g : gold) {
            queries.putIfAbsent(g[0], new Query(g[0], "query " + g[0]));
            pairs.add(new GoldPair(g[0], g[1], 0));
        }
        return new RetrievalDataset("tiny", Corpus.of(docs), new ArrayList<>(queries.values()), pairs, List.of());
    }

    private static List<ScoredDoc> ranking(String... ids) {
        List<ScoredDoc> r = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            r.add(new ScoredDoc(ids[i], 10 - i));
        }
        return r;
    }

    @Test
    void handComputedRecallMrrAndNdcg() {
        // q1 → d1; q2 → d2 and d3 (two gold pairs); q3 → d4 but q3 is missing from the run.
        RetrievalDataset d = dataset(new String[][] {{"q1", "d1"}, {"q2", "d2"}, {"q3", "d4"}, {"q2", "d3"}});
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        rankings.put("q1", ranking("d5", "d1")); // d1 at rank 2
        rankings.put("q2", ranking("d2", "d5", "d6", "d3")); // d2 at rank 1, d3 at rank 4
        MetricsReport m = RetrievalMetrics.evaluate(d, new RecallRun("test", rankings), new int[] {1, 2, 5});

        // Recall is over the 4 judged pairs: @1 {q2-d2} = 1/4; @2 adds q1-d1 = 2/4; @5 adds q2-d3 = 3/4.
        assertThat(m.recall(1)).isEqualTo(25.0);
        assertThat(m.recall(2)).isEqualTo(50.0);
        assertThat(m.recall(5)).isEqualTo(75.0);
        assertThat(m.goldPairs()).isEqualTo(4);
        assertThat(m.queries()).isEqualTo(3);
        // MRR@10 over 3 queries: (1/2 + 1/1 + 0) / 3 = 0.5.
        assertThat(m.mrr10()).isCloseTo(0.5, within(1e-12));
        // nDCG@10: q1 = (1/log2 3) / 1; q2 = (1 + 1/log2 5) / (1 + 1/log2 3); q3 = 0.
        double q1 = 1 / LOG2_3;
        double q2 = (1 + 1 / LOG2_5) / (1 + 1 / LOG2_3);
        assertThat(m.ndcg10()).isCloseTo((q1 + q2) / 3, within(1e-12));
        assertThat(m.perQuery()).extracting(QueryOutcome::firstRelevantRank).containsExactly(2, 1, 0);
        assertThat(m.perQuery().get(2).hitAt(50)).isFalse();
        // Per-query Recall@10 (the paired tests' unit): q1 1/1, q2 2/2 (d2 at 1, d3 at 4), q3 0/1.
        assertThat(m.perQuery()).extracting(QueryOutcome::recall10).containsExactly(1.0, 1.0, 0.0);
    }

    @Test
    void aDocumentListedTwiceCountsOnceAtItsFirstPosition() {
        RetrievalDataset d = dataset(new String[][] {{"q", "d1"}, {"q", "d2"}});
        MetricsReport m = RetrievalMetrics.evaluate(
                d, new RecallRun("t", Map.of("q", ranking("d1", "d1", "d2"))), new int[] {2, 3});
        // d1 at 1 (its repeat at 2 takes a slot but adds nothing), d2 at 3.
        assertThat(m.recall(2)).isEqualTo(50.0);
        assertThat(m.recall(3)).isEqualTo(100.0);
        // DCG = 1 + 1/log2 4 = 1.5; ideal = 1 + 1/log2 3. Counting d1 twice would give more than 1.
        assertThat(m.ndcg10()).isCloseTo(1.5 / (1 + 1 / LOG2_3), within(1e-12));
    }

    @Test
    void tiedScoresKeepTheRunOrder() {
        RetrievalDataset d = dataset(new String[][] {{"q", "d2"}});
        List<ScoredDoc> tied = List.of(new ScoredDoc("d1", 1.0), new ScoredDoc("d2", 1.0), new ScoredDoc("d3", 1.0));
        MetricsReport m = RetrievalMetrics.evaluate(d, new RecallRun("t", Map.of("q", tied)), new int[] {1, 2});
        assertThat(m.recall(1)).isZero();
        assertThat(m.recall(2)).isEqualTo(100.0);
        assertThat(m.mrr10()).isEqualTo(0.5);
    }

    @Test
    void relevantDocumentBeyondTenGetsRecallButNoMrr() {
        RetrievalDataset d = dataset(new String[][] {{"q", "d9"}});
        String[] ids = new String[11];
        for (int i = 0; i < 10; i++) {
            ids[i] = "x" + i;
        }
        ids[10] = "d9";
        MetricsReport m = RetrievalMetrics.evaluate(d, new RecallRun("t", Map.of("q", ranking(ids))));
        assertThat(m.recall(10)).isZero();
        assertThat(m.recall(20)).isEqualTo(100.0);
        assertThat(m.mrr10()).isZero();
        assertThat(m.ndcg10()).isZero();
        assertThatThrownBy(() -> m.recall(3)).hasMessageContaining("Recall@3 was not computed");
    }

    @Test
    void recallIsRoundedToThreeDecimals() {
        RetrievalDataset d = dataset(new String[][] {{"a", "d1"}, {"b", "d2"}, {"c", "d3"}});
        MetricsReport m = RetrievalMetrics.evaluate(d, new RecallRun("t", Map.of("a", ranking("d1"))));
        assertThat(m.recall(1)).isEqualTo(33.333);
        assertThat(m.row().getFirst()).isEqualTo("33.333");
    }

    @Test
    void emptyGoldIsRejected() {
        RetrievalDataset d = new RetrievalDataset(
                "none", Corpus.of(List.of(new Document("d", "t"))), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> RetrievalMetrics.evaluate(d, new RecallRun("t", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no judged pairs");
    }

    @Test
    void recipeResultFileRoundTripGivesTheSameMetrics() {
        Path corpus = write(dir, "corpus.csv", "alpha\nbeta\ngamma\ndelta\nepsilon\n");
        // "first" asks twice with two targets; ties (equal scores) must survive the file.
        Path test = write(dir, "test.csv", "first\tbeta\nsecond\tdelta\nfirst\tepsilon\nthird\talpha\n");
        RetrievalDataset d = RetrievalDataset.readRecipe(test, corpus, ReadOptions.STRICT);
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        rankings.put("q1", List.of(new ScoredDoc("1", 0.9), new ScoredDoc("2", 0.9), new ScoredDoc("5", 0.25)));
        rankings.put("q2", List.of(new ScoredDoc("3", 0.5), new ScoredDoc("4", 0.5)));
        rankings.put("q3", List.of());
        RecallRun run = new RecallRun("cosine", rankings);
        MetricsReport direct = RetrievalMetrics.evaluate(d, run);

        Path file = dir.resolve("recall_result.txt");
        RecallResultFile.write(file, d, run);
        RecallRun reread = RecallResultFile.read(file, d, 50, ReadOptions.STRICT);
        MetricsReport viaFile = RetrievalMetrics.evaluate(d, reread);

        // the run is made in trec_eval's order (ties by id, descending) and the file keeps it
        assertThat(run.rankings().get("q1")).extracting(ScoredDoc::docId).containsExactly("2", "1", "5");
        assertThat(reread.rankings().get("q1")).extracting(ScoredDoc::docId).containsExactly("2", "1", "5");
        assertThat(viaFile.recallAt()).isEqualTo(direct.recallAt());
        assertThat(viaFile.mrr10()).isEqualTo(direct.mrr10());
        assertThat(viaFile.ndcg10()).isEqualTo(direct.ndcg10());
        // q1: beta (line 2) at 1 before alpha (line 1) — tied, ids descending — epsilon at 3; q2: delta (line 4)
        // at 1; q3: nothing → Recall@1 2/4, Recall@5 3/4.
        assertThat(direct.recall(1)).isEqualTo(50.0);
        assertThat(direct.recall(5)).isEqualTo(75.0);
    }
}
