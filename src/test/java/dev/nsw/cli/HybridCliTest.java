package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.data.TrecRunFile;
import dev.nsw.encoder.TinyModels;
import dev.nsw.retrieval.Fusion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsw recall --mode hybrid} on the helpdesk sample with a tiny model: the fused run equals
 * {@link Fusion} applied to the BM25 and dense runs that {@code nsw bm25} and {@code nsw recall} write on
 * their own, and a weight is never tuned on the set being scored.
 */
class HybridCliTest {
    static final Path SAMPLE = Path.of("sample-data", "zh-helpdesk");

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = TinyModels.savedModel(dir.resolve("tiny"), 3);
    }

    private static String[] set() {
        return new String[] {
            "--similar_text_pair",
            SAMPLE.resolve("test.csv").toString(),
            "--corpus",
            SAMPLE.resolve("corpus.csv").toString()
        };
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fusedRunEqualsFusionOfTheSeparateRuns() throws Exception {
        Path bm25 = dir.resolve("bm25.trec");
        Path dense = dir.resolve("dense.trec");
        Path hybrid = dir.resolve("hybrid.trec");
        assertThat(run(concat(concat(new String[] {"bm25"}, set()), "--top_k", "100", "--trec_run", bm25.toString()))
                        .exit())
                .isZero();
        assertThat(run(concat(
                                concat(new String[] {"recall", "--model", model.toString()}, set()),
                                "--top_k",
                                "100",
                                "--trec_run",
                                dense.toString()))
                        .exit())
                .isZero();
        CliRun h = run(concat(
                concat(
                        new String[] {
                            "recall", "--model", model.toString(), "--mode", "hybrid", "--hybrid_weight", "0.3"
                        },
                        set()),
                "--top_k",
                "10",
                "--trec_run",
                hybrid.toString()));
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.err()).contains("convex w_dense=0.30");

        // Every fused score, recomputed from the two runs the other commands wrote (scores printed to 6 decimals).
        RecallRun all = Fusion.fuse(
                TrecRunFile.read(bm25, ReadOptions.STRICT),
                TrecRunFile.read(dense, ReadOptions.STRICT),
                new Fusion.Convex(0.3),
                1_000);
        RecallRun got = TrecRunFile.read(hybrid, ReadOptions.STRICT);
        assertThat(got.rankings()).hasSize(24);
        for (String q : got.rankings().keySet()) {
            Map<String, Double> want =
                    all.ranking(q).stream().collect(Collectors.toMap(ScoredDoc::docId, ScoredDoc::score));
            List<ScoredDoc> ranking = got.ranking(q);
            assertThat(ranking).hasSize(10);
            for (ScoredDoc d : ranking) {
                assertThat(d.score()).as(q + " " + d.docId()).isCloseTo(want.get(d.docId()), within(1e-5));
            }
            // nothing left out scores higher than the tenth
            double tenth = ranking.get(9).score();
            long better = want.values().stream().filter(v -> v > tenth + 1e-5).count();
            assertThat(better).as(q).isLessThanOrEqualTo(9);
        }
        CliRun rrf = run(concat(
                concat(
                        new String[] {"recall", "--model", model.toString(), "--mode", "hybrid", "--fusion", "rrf"},
                        set()),
                "--evaluate"));
        assertThat(rrf.exit()).as(rrf.err()).isZero();
        assertThat(rrf.err()).contains("rrf k=60");
    }

    @Test
    void convexTunedOnDevPrintsTheWeight() {
        CliRun h = run(concat(
                concat(new String[] {"recall", "--model", model.toString(), "--mode", "hybrid"}, set()),
                "--tune_on",
                SAMPLE.resolve("dev.csv").toString(),
                "--evaluate"));
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.err()).containsPattern("dense weight [01]\\.\\d\\d tuned on .*dev.csv \\(12 queries\\)");
        assertThat(h.out()).contains("hybrid BM25 + ").contains("convex w_dense=");
    }

    @Test
    void usageErrors() {
        String[] base = concat(
                concat(new String[] {"recall", "--model", model.toString(), "--mode", "hybrid"}, set()), "--evaluate");
        CliRun onTest = run(concat(base, "--tune_on", SAMPLE.resolve("test.csv").toString()));
        assertThat(onTest.exit()).isEqualTo(2);
        assertThat(onTest.err()).contains("is the set being scored: tune on dev data, never on test");
        // --mode hybrid alone: the label-free fusion, its weight and why on one line
        CliRun labelFree = run(base);
        assertThat(labelFree.exit()).isZero();
        assertThat(labelFree.err())
                .containsPattern("hybrid: label-free z-score fusion, dense weight 0\\.\\d\\d: the dense top hit");
        assertThat(run(concat(base, "--fusion", "convex")).err())
                .contains("needs one of --hybrid_weight W or --tune_on DEV");
        assertThat(run(concat(
                                base,
                                "--fusion",
                                "zscore",
                                "--tune_on",
                                SAMPLE.resolve("dev.csv").toString()))
                        .exit())
                .isEqualTo(2);
        assertThat(run(concat(base, "--hybrid_weight", "1.5")).exit()).isEqualTo(2);
        assertThat(run(concat(
                                concat(new String[] {"recall", "--model", model.toString()}, set()),
                                "--evaluate",
                                "--hybrid_weight",
                                "0.5"))
                        .exit())
                .isEqualTo(2);
    }
}
