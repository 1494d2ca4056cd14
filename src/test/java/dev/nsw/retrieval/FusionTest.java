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
    void zScoreFusionStandardisesEachListAndGivesAMissingDocumentItsListsLowest() {
        // lexical a 10, b 6, c 2: mean 6, σ = √(32/3); z a +1.2247, b 0, c −1.2247. Dense c .9, a .7, d .5: the same z.
        double z = Math.sqrt(1.5); // 4 / √(32/3) = 0.2 / √(0.08/3) = √1.5
        RecallRun even = Fusion.fuse(LEXICAL, DENSE, new Fusion.ZScore(0.5), 10);
        // a = .5·0 + .5·z; c = .5·z + .5·(−z) = 0; b = .5·(−z, missing from dense) + .5·0; d = .5·(−z) + .5·(−z)
        assertThat(ids(even)).containsExactly("a", "c", "b", "d");
        assertThat(even.ranking("q").get(0).score()).isCloseTo(0.5 * z, within(1e-12));
        assertThat(even.ranking("q").get(1).score()).isCloseTo(0, within(1e-12));
        assertThat(even.ranking("q").get(3).score()).isCloseTo(-z, within(1e-12));
        assertThat(Fusion.standardised(LEXICAL.ranking("q"))).containsEntry("b", 0.0);
        assertThat(ids(Fusion.fuse(LEXICAL, DENSE, new Fusion.ZScore(1), 10))).containsExactly("c", "a", "d", "b");
        // A flat list standardises to 0: it neither helps nor hurts.
        RecallRun flat = new RecallRun("BM25", Map.of("q", List.of(new ScoredDoc("x", 3), new ScoredDoc("y", 3))));
        assertThat(Fusion.standardised(flat.ranking("q")))
                .containsEntry("x", 0.0)
                .containsEntry("y", 0.0);
    }

    @Test
    void theLabelFreeWeightIsTheCubedShareOfEachListsMeanTopZ() {
        Fusion.LabelFreeChoice even = Fusion.labelFree(LEXICAL, DENSE);
        assertThat(even.lexicalTopZ()).isCloseTo(Math.sqrt(1.5), within(1e-12));
        assertThat(even.denseTopZ()).isCloseTo(Math.sqrt(1.5), within(1e-12));
        assertThat(even.method().weight()).isCloseTo(0.5, within(1e-12));
        // A second query whose dense top hit stands out: dense .95 then four at .5 → z = (.95 − .59) / σ
        RecallRun lexical = new RecallRun(
                "BM25",
                Map.of(
                        "q", LEXICAL.ranking("q"),
                        "r", List.of(new ScoredDoc("a", 5), new ScoredDoc("b", 4), new ScoredDoc("c", 3))));
        RecallRun dense = new RecallRun(
                "cosine",
                Map.of(
                        "q", DENSE.ranking("q"),
                        "r",
                                List.of(
                                        new ScoredDoc("e", .95),
                                        new ScoredDoc("a", .5),
                                        new ScoredDoc("b", .5),
                                        new ScoredDoc("c", .5),
                                        new ScoredDoc("d", .5))));
        double mean = (.95 + 4 * .5) / 5;
        double sd = Math.sqrt((Math.pow(.95 - mean, 2) + 4 * Math.pow(.5 - mean, 2)) / 5); // population σ
        double zDense = ((.95 - mean) / sd + Math.sqrt(1.5)) / 2;
        double zLexical = (Math.sqrt(1.5) + Math.sqrt(1.5)) / 2; // 5, 4, 3 standardise like 10, 6, 2
        Fusion.LabelFreeChoice c = Fusion.labelFree(lexical, dense);
        assertThat(c.queries()).isEqualTo(2);
        assertThat(c.denseTopZ()).isCloseTo(zDense, within(1e-12));
        assertThat(c.lexicalTopZ()).isCloseTo(zLexical, within(1e-12));
        double w = Math.pow(zDense, 3) / (Math.pow(zDense, 3) + Math.pow(zLexical, 3));
        assertThat(c.method().weight()).isCloseTo(w, within(1e-12));
        assertThat(c.reason())
                .startsWith(String.format(java.util.Locale.ROOT, "label-free z-score fusion, dense weight %.2f: ", w))
                .contains(String.format(java.util.Locale.ROOT, "%.2f sd above its list, BM25's %.2f", zDense, zLexical))
                .contains("2 queries");
        // The method resolves to that weight when fusing.
        assertThat(Fusion.fuse(lexical, dense, new Fusion.LabelFree(), 10).rankings())
                .isEqualTo(Fusion.fuse(lexical, dense, c.method(), 10).rankings());
        // Nothing in common to weigh on: an even mix, and the reason says why.
        RecallRun none = new RecallRun("cosine", Map.of());
        assertThat(Fusion.labelFree(LEXICAL, none).method().weight()).isEqualTo(0.5);
        assertThat(Fusion.labelFree(LEXICAL, none).reason()).contains("no query with results in both lists");
    }

    /**
     * A decisive retriever (its gold document stands clearly above the rest for most queries) and a much weaker one
     * (flat scores, the gold in its top 10 for about half of the queries, as the weak BM25 of the issue: R@10 45 against
     * 60): seeded, 200 queries of 100 candidates each.
     */
    private static RecallRun[] strongAndWeak(long seed) {
        java.util.Random r = new java.util.Random(seed);
        Map<String, List<ScoredDoc>> strong = new java.util.LinkedHashMap<>();
        Map<String, List<ScoredDoc>> weak = new java.util.LinkedHashMap<>();
        for (int q = 0; q < 200; q++) {
            List<ScoredDoc> s = new java.util.ArrayList<>();
            List<ScoredDoc> w = new java.util.ArrayList<>();
            for (int d = 0; d < 99; d++) {
                s.add(new ScoredDoc("q" + q + "-d" + d, 0.5 + 0.03 * r.nextGaussian()));
                w.add(new ScoredDoc("q" + q + "-d" + (d + 40), 6 + 1.5 * Math.abs(r.nextGaussian())));
            }
            // strong: the gold clearly first for 80 % of the queries, just under a near miss for the rest
            s.add(new ScoredDoc("gold" + q, r.nextDouble() < 0.8 ? 0.68 + 0.03 * r.nextGaussian() : 0.56));
            // weak: the gold a little above the body of the list, in its top 10 for about half of the queries
            w.add(new ScoredDoc("gold" + q, 7.5 + 1.5 * Math.abs(r.nextGaussian())));
            strong.put("q" + q, s);
            weak.put("q" + q, w);
        }
        return new RecallRun[] {new RecallRun("strong", strong), new RecallRun("weak", weak)};
    }

    /** nDCG@10 with one relevant document per query, gold{q}: 1 / log2(rank + 1) when in the top 10, else 0. */
    private static double ndcg10(RecallRun run) {
        double sum = 0;
        for (var e : run.rankings().entrySet()) {
            List<ScoredDoc> docs = e.getValue();
            for (int i = 0; i < Math.min(10, docs.size()); i++) {
                if (docs.get(i).docId().equals("gold" + e.getKey().substring(1))) {
                    sum += 1 / (Math.log(i + 2) / Math.log(2));
                }
            }
        }
        return sum / run.rankings().size();
    }

    private static double recall10(RecallRun run) {
        double found = 0;
        for (var e : run.rankings().entrySet()) {
            found += e.getValue().stream()
                            .limit(10)
                            .anyMatch(d -> d.docId().equals("gold" + e.getKey().substring(1)))
                    ? 1
                    : 0;
        }
        return found / run.rankings().size();
    }

    @Test
    void withAMuchWeakerSideTheLabelFreeFusionDoesNotLoseToTheStrongerWhereRrfDoes() {
        for (long seed : new long[] {1, 2, 3}) {
            RecallRun[] runs = strongAndWeak(seed);
            RecallRun strong = runs[0];
            RecallRun weak = runs[1];
            double alone = ndcg10(strong);
            assertThat(ndcg10(weak)).isLessThan(alone - 0.3);
            assertThat(recall10(weak)).isBetween(0.3, 0.6);
            // a weak BM25 beside a strong dense model …
            Fusion.LabelFreeChoice c = Fusion.labelFree(weak, strong);
            assertThat(c.method().weight()).isGreaterThan(0.6);
            assertThat(ndcg10(Fusion.fuse(weak, strong, new Fusion.LabelFree(), 10)))
                    .isGreaterThanOrEqualTo(alone);
            assertThat(ndcg10(Fusion.fuse(weak, strong, new Fusion.Rrf(60), 10)))
                    .isLessThan(alone);
            // … and a strong BM25 beside a weak dense model: the weight goes the other way
            Fusion.LabelFreeChoice mirrored = Fusion.labelFree(strong, weak);
            assertThat(mirrored.method().weight()).isLessThan(0.4);
            assertThat(ndcg10(Fusion.fuse(strong, weak, new Fusion.LabelFree(), 10)))
                    .isGreaterThanOrEqualTo(alone);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Fusion.Convex(1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Fusion.Rrf(-1)).hasMessageContaining("k must be");
        assertThatThrownBy(() -> Fusion.fuse(LEXICAL, DENSE, new Fusion.Rrf(60), 0))
                .hasMessageContaining("depth");
    }
}
