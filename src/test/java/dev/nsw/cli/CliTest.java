package dev.nsw.cli;

import static dev.nsw.testing.TestFiles.INVALID_UTF8;
import static dev.nsw.testing.TestFiles.bytes;
import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    Path corpus;
    Path test;
    CliRun last;

    @BeforeEach
    void files() {
        corpus = write(
                dir, "corpus.csv", "apple pie recipe\nbanana bread recipe\ncherry tart with cream\nchocolate cake\n");
        test = write(
                dir,
                "test.csv",
                "apple pie\tapple pie recipe\nbanana bread\tbanana bread recipe\ncherries\tcherry tart with cream\n");
    }

    private int run(String... args) {
        last = CliRun.of(args);
        return last.exit();
    }

    @Test
    void bm25EvaluatePrintsAMetricsTable() {
        int code = run("bm25", "--similar_text_pair", test.toString(), "--corpus", corpus.toString(), "--evaluate");
        assertThat(code).as(last.err()).isZero();
        String table = last.out();
        assertThat(table).contains("R@1", "R@5", "R@50", "MRR@10", "nDCG@10");
        // "cherries" stems to "cherri", so the English analyzer finds all three targets first.
        assertThat(table.lines()
                        .filter(l -> l.startsWith("BM25 english"))
                        .findFirst()
                        .orElseThrow())
                .contains("100.000", "1.0000");
        assertThat(table).contains("3 queries, 3 judged pairs");
    }

    @Test
    void bm25WritesTheRecipeFileAndEvaluateReadsItBackAsJson() throws Exception {
        Path result = dir.resolve("out/recall_result.txt");
        assertThat(run(
                        "bm25",
                        "--similar_text_pair",
                        test.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--output",
                        result.toString(),
                        "--top_k",
                        "2"))
                .isZero();
        // Each query shares words with its target only, so every block has one line.
        assertThat(Files.readAllLines(result))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l.split("\t")).hasSize(3))
                .first()
                .asString()
                .startsWith("apple pie\tapple pie recipe\t");

        int code = run(
                "evaluate",
                "--similar_text_pair",
                test.toString(),
                "--recall_result_file",
                result.toString(),
                "--top_k",
                "1",
                "--json");
        assertThat(code).as(last.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(last.out());
        assertThat(json.get("run").asText()).isEqualTo("recall_result.txt");
        assertThat(json.get("queries").asInt()).isEqualTo(3);
        assertThat(json.get("gold_pairs").asInt()).isEqualTo(3);
        assertThat(json.get("recall@1").asDouble()).isEqualTo(100.0);
        assertThat(json.get("mrr@10").asDouble()).isEqualTo(1.0);
    }

    @Test
    void evaluateScoresAHandWrittenResultFile() throws Exception {
        Path result = write(
                dir,
                "result.tsv",
                "apple pie\tchocolate cake\t3\napple pie\tapple pie recipe\t2\nbanana bread\tbanana bread recipe\t1\n");
        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        test.toString(),
                        "--recall_result_file",
                        result.toString(),
                        "--json"))
                .isZero();
        JsonNode json = new ObjectMapper().readTree(last.out());
        // apple pie hit at 2, banana bread at 1, cherries has no block: R@1 = 1/3, R@5 = 2/3, MRR = (1/2 + 1) / 3.
        assertThat(json.get("recall@1").asDouble()).isEqualTo(33.333);
        assertThat(json.get("recall@5").asDouble()).isEqualTo(66.667);
        assertThat(json.get("mrr@10").asDouble()).isEqualTo(0.5);
    }

    @Test
    void evaluateSignificanceTestsTheSecondRunAgainstTheFirst() throws Exception {
        Path a = write(
                dir,
                "a.tsv",
                "apple pie\tchocolate cake\t3\napple pie\tapple pie recipe\t2\nbanana bread\tbanana bread recipe\t1\n");
        Path b = write(
                dir,
                "b.tsv",
                "apple pie\tapple pie recipe\t2\nbanana bread\tbanana bread recipe\t1\n"
                        + "cherries\tcherry tart with cream\t1\n");
        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        test.toString(),
                        "--recall_result_file",
                        a.toString(),
                        "--recall_result_file",
                        b.toString(),
                        "--significance"))
                .as(last.err())
                .isZero();
        assertThat(last.out())
                .contains("Significance against a.tsv", "p perm", "95% CI", "one comparison, no correction");

        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        test.toString(),
                        "--recall_result_file",
                        a.toString(),
                        "--recall_result_file",
                        b.toString(),
                        "--significance",
                        "--json"))
                .as(last.err())
                .isZero();
        JsonNode sig = new ObjectMapper().readTree(last.out()).get("significance");
        // per-query MRR@10, b − a: (1 − ½, 1 − 1, 1 − 0) = (½, 0, 1); mean ½. The four sign flips of the
        // non-zero (½, 1) sum to ±1.5, ±0.5: |sum| ≥ 1.5 in 2 of 4 → p = 0.5 (exact).
        JsonNode mrr = sig.get(1);
        assertThat(mrr.get("metric").asText()).isEqualTo("MRR@10");
        assertThat(mrr.get("mean_diff").asDouble()).isEqualTo(0.5);
        assertThat(mrr.get("p_randomization").asDouble()).isEqualTo(0.5);
        assertThat(mrr.get("randomization_exact").asBoolean()).isTrue();
        // R@10 in points: (0, 0, 100): both flips of the single non-zero reach |100| → p = 1
        assertThat(sig.get(0).get("mean_diff").asDouble())
                .isCloseTo(100.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(sig.get(0).get("p_randomization").asDouble()).isEqualTo(1.0);

        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        test.toString(),
                        "--recall_result_file",
                        a.toString(),
                        "--significance"))
                .isEqualTo(2);
        assertThat(last.err()).contains("at least two");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("bm25", "--bogus")).isEqualTo(2);
        assertThat(last.err()).contains("Unknown option: '--bogus'");
        assertThat(run("evaluate", "--similar_text_pair", test.toString())).isEqualTo(2);
        assertThat(run("bm25", "--similar_text_pair", test.toString(), "--corpus", corpus.toString()))
                .isEqualTo(2);
        assertThat(last.err()).contains("nothing to do");
        assertThat(run("bm25", "--similar_text_pair", test.toString(), "--evaluate"))
                .isEqualTo(2);
        assertThat(last.err()).contains("missing --corpus");
        assertThat(run("bm25", "--top_k", "many")).isEqualTo(2);
    }

    @Test
    void badDataExitsWithOneAndAOneLineErrorNamingFileAndLine() {
        Path bad = write(dir, "bad.csv", "apple pie\tapple pie recipe\nno tab here\n");
        assertThat(run("bm25", "--similar_text_pair", bad.toString(), "--corpus", corpus.toString(), "--evaluate"))
                .isEqualTo(1);
        assertThat(last.err().strip())
                .hasLineCount(1)
                .isEqualTo("nsw: error: " + bad
                        + ":2: expected 2 tab-separated columns (query \\t similar text), found 1");
        assertThat(last.out()).isEmpty();

        Path missing = write(dir, "missing.csv", "apple pie\tapple pie recipe\n\nq\tnot in the corpus\n");
        assertThat(run("bm25", "--similar_text_pair", missing.toString(), "--corpus", corpus.toString(), "--evaluate"))
                .isEqualTo(1);
        assertThat(last.err().strip()).hasLineCount(1).contains(missing + ":3: gold target is not in the corpus");
    }

    @Test
    void lenientSkipsBadLinesAndStillEvaluates() {
        Path bad = bytes(
                dir,
                "bad.csv",
                "apple pie\tapple pie recipe\n",
                "x",
                INVALID_UTF8,
                "\ty\n",
                "banana bread\tbanana bread recipe\n");
        assertThat(run(
                        "bm25",
                        "--similar_text_pair",
                        bad.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--evaluate",
                        "--lenient"))
                .isZero();
        assertThat(last.out()).contains("2 queries, 2 judged pairs");
    }

    @Test
    void dataCheckPrintsStatisticsAndFailsOnBadFiles() {
        Path triples = write(dir, "triples.tsv", "q\tpos\tneg\nq\tpos\tneg\n");
        Path labeled = write(dir, "labeled.tsv", "q\tt\t1\nq\tu\t0\n");
        int code = run(
                "data",
                "check",
                test.toString(),
                corpus.toString(),
                triples.toString(),
                labeled.toString(),
                "--corpus",
                corpus.toString());
        assertThat(code).as(last.err()).isZero();
        assertThat(last.out())
                .contains(test + ": pairs, 3 records, 0 blank lines skipped, 0 duplicate records, 3 distinct queries")
                .contains(corpus + ": texts, 4 records")
                .contains(triples
                        + ": triples, 2 records, 0 blank lines skipped, 1 duplicate records, 1 distinct queries")
                .contains(labeled + ": labeled, 2 records")
                .contains("query     chars: min 8, mean 9.7, median 9, p95 12, max 12");

        Path bad = write(dir, "bad.tsv", "q\tt\t1\nq\tu\tmaybe\n");
        // A bad file fails the check, but the files after it are still checked.
        assertThat(run("data", "check", "--kind", "labeled", bad.toString(), labeled.toString()))
                .isEqualTo(1);
        assertThat(last.err().strip()).isEqualTo("nsw: error: " + bad + ":2: label must be 0 or 1, found 'maybe'");
        assertThat(last.out()).contains(labeled + ": labeled").doesNotContain(bad + ": labeled");

        assertThat(run("data", "check", "--lenient", "--kind", "labeled", bad.toString()))
                .isEqualTo(1);
        assertThat(last.out()).contains("1 bad lines skipped:", bad + ":2: label must be 0 or 1");
    }

    @Test
    void dataCheckReportsGoldTargetsMissingFromTheCorpus() {
        Path pairs = write(dir, "dev.csv", "a\tapple pie recipe\nb\tnowhere\n");
        assertThat(run("data", "check", pairs.toString(), "--corpus", corpus.toString()))
                .isEqualTo(1);
        assertThat(last.err()).contains(pairs + ":2: gold target is not in the corpus: 'nowhere'");
    }
}
