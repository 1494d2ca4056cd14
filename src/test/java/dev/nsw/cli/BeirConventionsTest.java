package dev.nsw.cli;

import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.data.Beir;
import dev.nsw.data.ReadOptions;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.TrecRunFile;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.RecallDefinition;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.testing.TrecEvalReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BEIR and trec_eval conventions: judged documents missing from the corpus stay judged, a query's own id is
 * never a hit, macro recall and graded nDCG — checked against hand-computed numbers and against
 * {@link TrecEvalReference}, an independent pytrec_eval-style computation of the same TREC run.
 */
class BeirConventionsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    /** The shared data beside the checkout (as CI lays it out), else where the dev machines keep it; the test skips without it. */
    private static final Path SCIFACT = java.nio.file.Files.isDirectory(Path.of("..", "shared", "data", "scifact"))
            ? Path.of("..", "shared", "data", "scifact")
            : Path.of("/work/shared/data/scifact");

    @TempDir
    Path dir;

    Path beir;
    Path runFile;

    /**
     * q1 judges d1 (grade 2), d2 and d9 (missing from the corpus); q2 judges d3; q3 is also a corpus document
     * (argument-retrieval style) and judges d4. The run finds q3 itself first.
     */
    @BeforeEach
    void smallBeirFolder() {
        beir = dir.resolve("argsish");
        StringBuilder corpus = new StringBuilder();
        for (String id : List.of("d1", "d2", "d3", "d4", "d5", "d6", "q3")) {
            corpus.append("{\"_id\": \"")
                    .append(id)
                    .append("\", \"title\": \"\", \"text\": \"text of ")
                    .append(id)
                    .append("\"}\n");
        }
        write(beir, "corpus.jsonl", corpus.toString());
        write(
                beir,
                "queries.jsonl",
                "{\"_id\": \"q1\", \"text\": \"one\"}\n{\"_id\": \"q2\", \"text\": \"two\"}\n"
                        + "{\"_id\": \"q3\", \"text\": \"text of q3\"}\n");
        write(
                beir,
                "qrels/test.tsv",
                "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t1\nq1\td9\t1\nq2\td3\t1\nq3\td4\t1\n");
        runFile = write(dir, "run.trec", """
                q1 Q0 d2 1 3.0 hand
                q1 Q0 d5 2 2.0 hand
                q1 Q0 d1 3 1.0 hand
                q2 Q0 d5 1 3.0 hand
                q2 Q0 d3 2 2.0 hand
                q2 Q0 d6 3 1.0 hand
                q3 Q0 q3 1 3.0 hand
                q3 Q0 d4 2 2.0 hand
                q3 Q0 d5 3 1.0 hand
                """);
    }

    private MetricsReport score(Scoring scoring) {
        RetrievalDataset d = Beir.load(beir, "test", ReadOptions.STRICT);
        RecallRun run = TrecRunFile.read(runFile, ReadOptions.STRICT);
        return RetrievalMetrics.evaluate(d, run, scoring);
    }

    @Test
    void handComputedMacroMicroAndGradedNdcgWithBothRules() throws Exception {
        List<Integer> k13 = List.of(1, 3);
        // BEIR's defaults: macro recall, q3's own id dropped (d4 moves to rank 1), d9 judged but absent.
        MetricsReport beirStyle = score(Scoring.beir().withCutoffs(k13));
        // R@1: q1 1/3 (d2 of d1, d2, d9), q2 0, q3 1;  R@3: q1 2/3, q2 1, q3 1.
        assertThat(beirStyle.recallAt().get(1)).isCloseTo(100 * (1.0 / 3 + 0 + 1) / 3, within(1e-9));
        assertThat(beirStyle.recallAt().get(3)).isCloseTo(100 * (2.0 / 3 + 1 + 1) / 3, within(1e-9));
        // Graded nDCG@10: q1 DCG = 1/log2(2) + 2/log2(4) = 2, ideal = 2 + 1/log2(3) + 1/log2(4); q2 d3 at 2; q3 d4 at
        // 1.
        double q1 = 2 / (2 + 1 / LOG2_3 + 0.5);
        assertThat(beirStyle.ndcg10()).isCloseTo((q1 + 1 / LOG2_3 + 1) / 3, within(1e-12));
        assertThat(beirStyle.mrr10()).isCloseTo((1 + 0.5 + 1) / 3, within(1e-12));
        assertThat(beirStyle.scoring()).contains("macro", "dropped");

        // Micro (the recipe's): 5 judged pairs; hits at 1: q1/d2, q3/d4; at 3: + q1/d1, q2/d3.
        MetricsReport micro = score(new Scoring(RecallDefinition.MICRO, true, k13));
        assertThat(micro.recallAt()).containsEntry(1, 100 * 2 / 5.0).containsEntry(3, 100 * 4 / 5.0);

        // Keeping identical ids: q3 finds itself first, so its d4 falls to rank 2.
        MetricsReport kept = score(new Scoring(RecallDefinition.MACRO, false, k13));
        assertThat(kept.recallAt().get(1)).isCloseTo(100 * (1.0 / 3) / 3, within(1e-9));
        assertThat(kept.ndcg10()).isCloseTo((q1 + 1 / LOG2_3 + 1 / LOG2_3) / 3, within(1e-12));
        assertThat(kept.mrr10()).isCloseTo((1 + 0.5 + 0.5) / 3, within(1e-12));

        // The independent reference agrees on every definition.
        TrecEvalReference ref = TrecEvalReference.read(beir.resolve("qrels/test.tsv"), runFile);
        for (boolean ignore : new boolean[] {true, false}) {
            MetricsReport macro = score(new Scoring(RecallDefinition.MACRO, ignore, k13));
            MetricsReport mic = score(new Scoring(RecallDefinition.MICRO, ignore, k13));
            for (int k : k13) {
                assertThat(macro.recallAt().get(k) / 100).isCloseTo(ref.macroRecall(k, ignore), within(1e-12));
                assertThat(mic.recallAt().get(k) / 100).isCloseTo(ref.microRecall(k, ignore), within(1e-12));
            }
            assertThat(macro.ndcg10()).isCloseTo(ref.ndcg(10, ignore), within(1e-12));
            assertThat(macro.mrr10()).isCloseTo(ref.mrr(10, ignore), within(1e-12));
        }
    }

    @Test
    void evaluateLoadsTheFolderWarnsOnceAndFollowsBeirUnlessTold() throws Exception {
        CliRun r = CliRun.of(
                "evaluate", "--beir", beir.toString(), "--trec_run", runFile.toString(), "--cutoffs", "1,3", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("warning:")).toList())
                .singleElement()
                .asString()
                .contains("1 judged (query, document) pair names a document missing from the corpus");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("recall@1").asDouble()).isEqualTo(44.444);
        assertThat(json.get("recall@3").asDouble()).isEqualTo(88.889);

        r = CliRun.of(
                "evaluate",
                "--beir",
                beir.toString(),
                "--trec_run",
                runFile.toString(),
                "--cutoffs",
                "1,3",
                "--json",
                "--keep_identical_ids");
        assertThat(new ObjectMapper().readTree(r.out()).get("recall@1").asDouble())
                .isEqualTo(11.111);

        r = CliRun.of(
                "evaluate",
                "--beir",
                beir.toString(),
                "--trec_run",
                runFile.toString(),
                "--cutoffs",
                "1,3",
                "--recall",
                "MICRO");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("40.000", "80.000").contains("Recall@K micro", "dropped (BEIR)");

        r = CliRun.of("data", "check", beir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 judged (query, document) pair names a document missing from the corpus");

        r = CliRun.of("evaluate", "--beir", beir.toString(), "--trec_run", runFile.toString(), "--cutoffs", "3,1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--cutoffs: cut-offs must be ascending");
        r = CliRun.of("evaluate", "--beir", beir.toString(), "--trec_run", runFile.toString(), "--recall", "mean");
        assertThat(r.exit()).isEqualTo(2);
    }

    /** A qrels file that holds only a header fails {@code data check} as it fails {@code bm25}: one line, naming it. */
    @Test
    void aHeaderOnlyQrelsFileFailsDataCheckAndBm25AlikeInOneLine() {
        write(beir, "qrels/test.tsv", "qid\tdocid\trel\n");
        String expected = "nsw: error: " + beir.resolve("qrels/test.tsv")
                + ": holds only a header line, no judgements: nothing to evaluate";
        for (String[] args : List.of(
                new String[] {"data", "check", beir.toString()},
                new String[] {"bm25", "--beir", beir.toString(), "--evaluate"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err().strip()).as(String.join(" ", args)).isEqualTo(expected);
        }
    }

    /** A NaN score in a TREC run is refused with its file and line, not ranked first (issue 21, item 7). */
    @Test
    void aNanScoreInATrecRunIsRefusedWithFileAndLine() {
        Path nan = write(dir, "nan.trec", "q1 Q0 d2 1 3.0 hand\nq1 Q0 d5 2 NaN hand\n");
        CliRun r = CliRun.of("evaluate", "--beir", beir.toString(), "--trec_run", nan.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("nsw: error:")).toList())
                .containsExactly("nsw: error: " + nan + ":2: score 'NaN' of document 'd5' is not a finite number;"
                        + " trec_eval would rank it anywhere");
    }

    @Test
    void recipeFilesKeepTheRecipesMicroRecallAndSayWhichInTheFooter() {
        Path corpus = write(dir, "corpus.csv", "apple pie recipe\nbanana bread recipe\n");
        Path pairs = write(dir, "test.csv", "apple pie\tapple pie recipe\napple pie\tbanana bread recipe\n");
        CliRun r =
                CliRun.of("bm25", "--similar_text_pair", pairs.toString(), "--corpus", corpus.toString(), "--evaluate");
        assertThat(r.exit()).as(r.err()).isZero();
        // One query, two targets: micro R@1 = 1/2 pairs.
        assertThat(r.out()).contains("50.000").contains("Recall@K micro").contains("every result kept");
    }

    @Test
    void writtenTrecRunsHaveTheSixColumnsTrecEvalReadsAndReadBackToTheSameScores() throws Exception {
        RecallRun run = TrecRunFile.read(runFile, ReadOptions.STRICT);
        Path written = dir.resolve("out/written.trec");
        TrecRunFile.write(written, run, "nsw-test");
        List<String> lines = Files.readAllLines(written);
        assertThat(lines)
                .hasSize(9)
                .allSatisfy(l -> assertThat(l).matches("\\S+ Q0 \\S+ [1-9]\\d* -?\\d+(\\.\\d+)? nsw-test"));
        assertThat(lines.subList(0, 3)).extracting(l -> l.split(" ")[3]).containsExactly("1", "2", "3");
        Scoring beirStyle = Scoring.beir().withCutoffs(List.of(1, 3));
        RetrievalDataset d = Beir.load(beir, "test", ReadOptions.STRICT);
        assertThat(RetrievalMetrics.evaluate(d, TrecRunFile.read(written, ReadOptions.STRICT), beirStyle)
                        .summary())
                .isEqualTo(RetrievalMetrics.evaluate(d, run, beirStyle).summary());
    }

    /** Random graded qrels and a run full of tied scores: nsw and the reference read and score it alike. */
    @Test
    void agreesWithTheReferenceOnRandomRunsWithTies() throws Exception {
        Random random = new Random(7);
        StringBuilder corpus = new StringBuilder();
        for (int d = 0; d < 40; d++) {
            corpus.append("{\"_id\": \"")
                    .append(d < 10 ? "q" + d : "d" + d)
                    .append("\", \"text\": \"t")
                    .append(d)
                    .append("\"}\n");
        }
        StringBuilder queries = new StringBuilder();
        StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
        StringBuilder run = new StringBuilder();
        for (int q = 0; q < 10; q++) {
            queries.append("{\"_id\": \"q")
                    .append(q)
                    .append("\", \"text\": \"query ")
                    .append(q)
                    .append("\"}\n");
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                qrels.append("q")
                        .append(q)
                        .append("\td")
                        .append(10 + random.nextInt(32))
                        .append('\t')
                        .append(random.nextInt(3))
                        .append('\n');
            }
            qrels.append("q")
                    .append(q)
                    .append("\td")
                    .append(10 + random.nextInt(30))
                    .append("\t1\n");
            for (int d = 0; d < 40; d++) {
                if (random.nextInt(3) > 0) {
                    run.append(String.format(
                            Locale.ROOT,
                            "q%d Q0 %s %d %.1f r%n",
                            q,
                            d < 10 ? "q" + d : "d" + d,
                            d,
                            random.nextInt(5) / 2.0));
                }
            }
        }
        Path folder = dir.resolve("random");
        write(folder, "corpus.jsonl", corpus.toString());
        write(folder, "queries.jsonl", queries.toString());
        Path qrelsFile = write(folder, "qrels/test.tsv", qrels.toString());
        Path trec = write(dir, "random.trec", run.toString());
        RetrievalDataset d = Beir.load(folder, "test", ReadOptions.STRICT);
        RecallRun parsed = TrecRunFile.read(trec, ReadOptions.STRICT);
        TrecEvalReference ref = TrecEvalReference.read(qrelsFile, trec);
        List<Integer> ks = List.of(1, 2, 3, 5, 10, 20);
        for (boolean ignore : new boolean[] {true, false}) {
            MetricsReport macro = RetrievalMetrics.evaluate(d, parsed, new Scoring(RecallDefinition.MACRO, ignore, ks));
            MetricsReport micro = RetrievalMetrics.evaluate(d, parsed, new Scoring(RecallDefinition.MICRO, ignore, ks));
            for (int k : ks) {
                assertThat(macro.recallAt().get(k) / 100)
                        .as("macro R@%d", k)
                        .isCloseTo(ref.macroRecall(k, ignore), within(1e-12));
                assertThat(micro.recallAt().get(k) / 100)
                        .as("micro R@%d", k)
                        .isCloseTo(ref.microRecall(k, ignore), within(1e-12));
            }
            assertThat(macro.ndcg10()).isCloseTo(ref.ndcg(10, ignore), within(1e-12));
            assertThat(macro.mrr10()).isCloseTo(ref.mrr(10, ignore), within(1e-12));
        }
    }

    /** The real SciFact test split (when the shared data is present): nsw's BM25 TREC run scored both ways. */
    @Test
    void sciFactEqualsTheReferenceToFourDecimals() throws Exception {
        assumeTrue(Files.isDirectory(SCIFACT.resolve("qrels")), "SciFact not present at " + SCIFACT);
        Path trec = dir.resolve("scifact-bm25.trec");
        CliRun r = CliRun.of("bm25", "--beir", SCIFACT.toString(), "--trec_run", trec.toString(), "--top_k", "100");
        assertThat(r.exit()).as(r.err()).isZero();
        TrecEvalReference ref = TrecEvalReference.read(SCIFACT.resolve("qrels/test.tsv"), trec);
        ObjectMapper json = new ObjectMapper();
        for (String recall : List.of("macro", "micro")) {
            r = CliRun.of(
                    "evaluate",
                    "--beir",
                    SCIFACT.toString(),
                    "--trec_run",
                    trec.toString(),
                    "--recall",
                    recall,
                    "--json",
                    "--cutoffs",
                    "1,5,10,20,50,100");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode m = json.readTree(r.out());
            for (int k : List.of(1, 5, 10, 20, 50, 100)) {
                double expected = recall.equals("macro") ? ref.macroRecall(k, true) : ref.microRecall(k, true);
                assertThat(m.get("recall@" + k).asDouble() / 100)
                        .as("%s R@%d", recall, k)
                        .isCloseTo(expected, within(0.5e-4));
            }
            assertThat(m.get("ndcg@10").asDouble()).isCloseTo(ref.ndcg(10, true), within(0.5e-4));
            assertThat(m.get("mrr@10").asDouble()).isCloseTo(ref.mrr(10, true), within(0.5e-4));
        }
    }
}
