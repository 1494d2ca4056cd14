package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fusion on a hand-computed case: the formulas of the class comment, written out. */
class FusionTest {
    // One query. Lexical (BM25-like scores): a 10, b 6, c 2. Dense (cosines): c 0.9, a 0.7, d 0.5.
    static final RecallRun LEXICAL = new RecallRun(
            "BM25", Map.of("q", List.of(new ScoredDoc("a", 10), new ScoredDoc("b", 6), new ScoredDoc("c", 2))));
    static final RecallRun DENSE = new RecallRun(
            "cosine", Map.of("q", List.of(new ScoredDoc("c", 0.9), new ScoredDoc("a", 0.7), new ScoredDoc("d", 0.5))));

    private static List<String> ids(RecallRun run) {
        return run.ranking("q").stream().map(ScoredDoc::docId).toList();
    }

    @Test
    void rrfSumsReciprocalRanks() {
        RecallRun fused = Fusion.fuse(LEXICAL, DENSE, new Fusion.Rrf(60), 10);
        // a = 1/61 + 1/62, c = 1/63 + 1/61, b = 1/62, d = 1/63
        assertThat(ids(fused)).containsExactly("a", "c", "b", "d");
        assertThat(fused.ranking("q").get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(fused.ranking("q").get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.ranking("q").get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
    }

    @Test
    void convexMixesMinMaxNormalisedScores() {
        // normalised: lexical a 1, b 0.5, c 0; dense c 1, a 0.5, d 0; a missing document counts 0.
        RecallRun even = Fusion.fuse(LEXICAL, DENSE, new Fusion.Convex(0.5), 10);
        assertThat(ids(even)).containsExactly("a", "c", "b", "d");
        assertThat(even.ranking("q").get(0).score()).isCloseTo(0.5 * 0.5 + 0.5 * 1.0, within(1e-12));
        assertThat(even.ranking("q").get(2).score()).isCloseTo(0.25, within(1e-12));
        // w = 1 is the dense order (b and d tie at 0: trec_eval's order, id descending); w = 0 the lexical order.
        assertThat(ids(Fusion.fuse(LEXICAL, DENSE, new Fusion.Convex(1), 10))).containsExactly("c", "a", "d", "b");
        assertThat(ids(Fusion.fuse(LEXICAL, DENSE, new Fusion.Convex(0), 10))).containsExactly("a", "b", "d", "c");
        assertThat(ids(Fusion.fuse(LEXICAL, DENSE, new Fusion.Convex(0.5), 2))).containsExactly("a", "c");
    }

    @Test
    void equalScoresNormaliseToOne() {
        RecallRun flat = new RecallRun("BM25", Map.of("q", List.of(new ScoredDoc("x", 3), new ScoredDoc("y", 3))));
        assertThat(Fusion.normalised(flat.ranking("q"))).containsEntry("x", 1.0).containsEntry("y", 1.0);
    }

    @Test
    void tuningPicksTheWeightThatMaximisesTheDevObjective() {
        // c is first when w·1 > 0.5·w + (1 − w)·1, i.e. w > 2/3: the first grid weight is 0.70.
        Fusion.Tuning t = Fusion.tuneWeight(
                LEXICAL, DENSE, 10, run -> run.ranking("q").get(0).docId().equals("c") ? 1 : 0);
        assertThat(t.weight()).isEqualTo(0.70, within(1e-12));
        assertThat(t.objective()).isEqualTo(1.0);
        assertThat(t.curve())
                .hasSize(Fusion.WEIGHT_STEPS + 1)
                .containsEntry(0.65, 0.0)
                .containsEntry(1.0, 1.0);
        // A flat objective gives the even mix, not an extreme.
        assertThat(Fusion.tuneWeight(LEXICAL, DENSE, 10, run -> 0.3).weight()).isEqualTo(0.5);
    }

    @Test
    void theCurveReadsAsWeightColonObjectivePairs() {
        Map<Double, Double> curve = new java.util.LinkedHashMap<>();
        curve.put(0.0, 0.41234);
        curve.put(0.05, 0.5);
        curve.put(1.0, 1.0 / 3);
        assertThat(new Fusion.Tuning(0.05, 0.5, curve).curveText()).isEqualTo("0.00:0.4123 0.05:0.5000 1.00:0.3333");
        // every weight tried, in order, the way a saved run's tuning_curve is read back
        Fusion.Tuning t = Fusion.tuneWeight(LEXICAL, DENSE, 10, run -> 0.25);
        assertThat(t.curveText().split(" ")).hasSize(Fusion.WEIGHT_STEPS + 1).startsWith("0.00:0.2500");
    }

    @Test
    void queriesOfEitherRunAreKept() {
        RecallRun onlyDense = new RecallRun("cosine", Map.of("q2", List.of(new ScoredDoc("z", 0.4))));
        RecallRun fused = Fusion.fuse(LEXICAL, onlyDense, new Fusion.Rrf(60), 10);
        assertThat(fused.rankings()).containsOnlyKeys("q", "q2");
        assertThat(fused.ranking("q2")).extracting(ScoredDoc::docId).containsExactly("z");
    }

    @Test
    void aHybridRetrieverFusesWhatItsTwoRetrieversReturn() {
        Retriever lexical = stub("BM25", LEXICAL.ranking("q"));
        Retriever dense = stub("cosine", DENSE.ranking("q"));
        HybridRetriever hybrid = new HybridRetriever(lexical, dense, new Fusion.Rrf(60));
        assertThat(hybrid.search("any query", 3)).extracting(ScoredDoc::docId).containsExactly("a", "c", "b");
        assertThat(hybrid.name()).contains("rrf k=60");
    }

    private static Retriever stub(String kind, List<ScoredDoc> answer) {
        return new Retriever() {
            @Override
            public String name() {
                return kind + " stub";
            }

            @Override
            public String scoreKind() {
                return kind;
            }

            @Override
            public List<ScoredDoc> search(String query, int k) {
                return answer.subList(0, Math.min(k, answer.size()));
            }
        };
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Fusion.Convex(1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Fusion.Rrf(-1)).hasMessageContaining("k must be");
        assertThatThrownBy(() -> Fusion.fuse(LEXICAL, DENSE, new Fusion.Rrf(60), 0))
                .hasMessageContaining("depth");
    }
}
