package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.GoldPair;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hybrid → rerank: the reranking stage over a first stage (here a fused run), with the mix alone, given, or tuned on
 * a dev set; by hand on a corpus of four documents and a scorer that is a plain function.
 */
class RerankStageTest {
    static final Corpus CORPUS = Corpus.of(List.of(
            new Document("a", "apples"),
            new Document("b", "bananas"),
            new Document("c", "cherries"),
            new Document("d", "dates")));

    /** The reranker: prefers the document whose text starts with the query's last letter, else a fixed order. */
    static final PairScorer SCORER = (queries, titles, progress, cancel) -> {
        float[] out = new float[queries.size()];
        for (int i = 0; i < out.length; i++) {
            String q = queries.get(i);
            out[i] = titles.get(i).charAt(0) == q.charAt(q.length() - 1)
                    ? 2f
                    : 0.001f * titles.get(i).charAt(0);
        }
        return out;
    };

    private static RetrievalDataset set(String name, List<Query> queries, List<GoldPair> gold) {
        return new RetrievalDataset(name, CORPUS, queries, gold, List.of());
    }

    /** A first stage (the hybrid's fused run): a, b, c, d in that order for every query. */
    private static RecallRun firstStage(List<Query> queries) {
        Map<String, List<ScoredDoc>> r = new java.util.LinkedHashMap<>();
        for (Query q : queries) {
            r.put(
                    q.id(),
                    List.of(
                            new ScoredDoc("a", 4),
                            new ScoredDoc("b", 3),
                            new ScoredDoc("c", 2),
                            new ScoredDoc("d", 1)));
        }
        return new RecallRun("fused", r);
    }

    private static List<String> ids(RecallRun run, String q) {
        return run.ranking(q).stream().map(ScoredDoc::docId).toList();
    }

    @Test
    void theRerankerAloneReordersTheFirstStagesTopN() {
        List<Query> queries = List.of(new Query("q1", "want c"), new Query("q2", "nothing"));
        RerankStage.Result r = RerankStage.run(
                firstStage(queries),
                queries,
                CORPUS,
                3,
                SCORER,
                new RerankStage.Alone(),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        // q1 ends in c: cherries first; the others by the fixed order (d > c > b > a), only the top 3 (a, b, c) seen
        assertThat(ids(r.run(), "q1")).containsExactly("c", "b", "a");
        // q2 ends in g: nothing matches, so the fixed order c > b > a; d was not in the top 3
        assertThat(ids(r.run(), "q2")).containsExactly("c", "b", "a");
        assertThat(r.weight()).isEqualTo(1);
        assertThat(r.tuning()).isEmpty();
        assertThat(r.run()).isSameAs(r.reranked());
    }

    @Test
    void aGivenWeightMixesTheMinMaxNormalisedScores() {
        List<Query> queries = List.of(new Query("q1", "want c"));
        RerankStage.Result r = RerankStage.run(
                firstStage(queries),
                queries,
                CORPUS,
                3,
                SCORER,
                new RerankStage.Given(0.5),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        // first stage a 1, b .5, c 0 (min-max over the top 3); the reranker's min-max written out:
        double ra = (float) (0.001 * 'a'), rb = (float) (0.001 * 'b'), rc = 2;
        double lo = Math.min(ra, Math.min(rb, rc)), hi = Math.max(ra, Math.max(rb, rc));
        double a = 0.5 * 1 + 0.5 * (ra - lo) / (hi - lo);
        double b = 0.5 * 0.5 + 0.5 * (rb - lo) / (hi - lo);
        double c = 0.5 * 0 + 0.5 * (rc - lo) / (hi - lo);
        // a and c tie at 0.5 (each first in one list): the one tie order, document id descending, puts c first
        assertThat(ids(r.run(), "q1")).containsExactly("c", "a", "b");
        Map<String, Double> got = new java.util.HashMap<>();
        r.run().ranking("q1").forEach(d -> got.put(d.docId(), d.score()));
        assertThat(got.get("a")).isCloseTo(a, within(1e-6));
        assertThat(got.get("b")).isCloseTo(b, within(1e-6));
        assertThat(got.get("c")).isCloseTo(c, within(1e-6));
    }

    @Test
    void aWeightTunedOnDevIsTheBestForDevsJudgementsAndNeverBelowTheFirstStageThere() {
        // dev: two queries whose gold is c (the reranker knows), one whose gold is a (the first stage knows)
        List<Query> devQueries = List.of(new Query("d1", "get c"), new Query("d2", "find c"), new Query("d3", "the a"));
        List<GoldPair> devGold = new ArrayList<>();
        devGold.add(new GoldPair("d1", "c", 1));
        devGold.add(new GoldPair("d2", "c", 1));
        devGold.add(new GoldPair("d3", "a", 1));
        RetrievalDataset dev = set("dev", devQueries, devGold);
        List<Query> test = List.of(new Query("t1", "see c"));
        RerankStage.Result r = RerankStage.run(
                firstStage(test),
                test,
                CORPUS,
                4,
                SCORER,
                new RerankStage.TunedOnDev(dev, firstStage(devQueries), "dev"),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        var t = r.tuning().orElseThrow();
        assertThat(r.weight()).isEqualTo(t.weight());
        double best = t.curve().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        assertThat(t.objective()).isEqualTo(best);
        assertThat(t.objective()).isGreaterThanOrEqualTo(t.curve().get(0.0)); // w = 0 is the first stage itself
        assertThat(t.objective()).isGreaterThan(t.curve().get(0.0)); // here the reranker helps on dev
        assertThat(r.run().rankings())
                .isEqualTo(Reranking.combine(firstStage(test), r.reranked(), t.weight(), 4)
                        .rankings());
    }
}
