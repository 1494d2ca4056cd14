package dev.nsw.data;

import static dev.nsw.testing.TestFiles.BOM;
import static dev.nsw.testing.TestFiles.INVALID_UTF8;
import static dev.nsw.testing.TestFiles.bytes;
import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
    @TempDir
    Path dir;

    RetrievalDataset dataset;

    @BeforeEach
    void dataset() {
        Path corpus = write(dir, "corpus.csv", "A\nB\nC\nD\n");
        Path test = write(dir, "test.csv", "q1\tA\nq2\tB\nq2\tC\n");
        dataset = RetrievalDataset.readRecipe(test, corpus, ReadOptions.STRICT);
    }

    @Test
    void recallResultFileGroupsBlocksKeepsOrderAndCutsAtRecallNum() {
        Path f = bytes(
                dir,
                "result.tsv",
                BOM,
                "q1\tD\t0.9\r\nq1\tA\t0.8\r\n\nq1\tB\t0.1\nq2\tnot in corpus\t5\nq2\tC\t1e-3\n");
        RecallRun run = RecallResultFile.read(f, dataset, 2, ReadOptions.STRICT);
        assertThat(run.ranking("q1")).containsExactly(new ScoredDoc("4", 0.9), new ScoredDoc("1", 0.8));
        assertThat(run.ranking("q2")).hasSize(2);
        assertThat(run.ranking("q2").get(0).docId()).isNotIn("1", "2", "3", "4");
        assertThat(run.ranking("q2").get(1)).isEqualTo(new ScoredDoc("3", 0.001));
        assertThat(RecallResultFile.read(f, dataset, 0, ReadOptions.STRICT).ranking("q1"))
                .hasSize(3);
    }

    @Test
    void aRepeatedBlockOfTheSameQueryIsIgnored() {
        // The recipe writes one block per test line, so a query on two lines appears as two blocks.
        Path f = write(dir, "result.tsv", "q2\tB\t2\nq2\tC\t1\nq1\tA\t1\nq2\tD\t9\nq2\tA\t8\n");
        RecallRun run = RecallResultFile.read(f, dataset, 0, ReadOptions.STRICT);
        assertThat(run.ranking("q2")).extracting(ScoredDoc::docId).containsExactly("2", "3");
    }

    @Test
    void recallResultFileErrorsNameTheLine() {
        Path unknown = write(dir, "r1.tsv", "q1\tA\t1\nstranger\tA\t1\n");
        assertThatThrownBy(() -> RecallResultFile.read(unknown, dataset, 0, ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(unknown + ":2: query is not in the evaluation set: 'stranger'");
        Path score = write(dir, "r2.tsv", "q1\tA\thigh\n");
        assertThatThrownBy(() -> RecallResultFile.read(score, dataset, 0, ReadOptions.STRICT))
                .hasMessage(score + ":1: score is not a number: 'high'");
        Path cols = write(dir, "r3.tsv", "q1\tA\n");
        assertThatThrownBy(() -> RecallResultFile.read(cols, dataset, 0, ReadOptions.STRICT))
                .hasMessageStartingWith(cols + ":1: expected 3 tab-separated columns");
        Path utf = bytes(dir, "r4.tsv", "q1\tA\t1\n", "q1\t", INVALID_UTF8, "\t1\n");
        assertThatThrownBy(() -> RecallResultFile.read(utf, dataset, 0, ReadOptions.STRICT))
                .hasMessageStartingWith(utf + ":2: invalid UTF-8");
        assertThat(RecallResultFile.read(utf, dataset, 0, ReadOptions.LENIENT).ranking("q1"))
                .hasSize(1);
        Path empty = write(dir, "r5.tsv", "\n");
        assertThatThrownBy(() -> RecallResultFile.read(empty, dataset, 0, ReadOptions.STRICT))
                .hasMessageContaining("empty");
    }

    @Test
    void trecRunOrdersAsTrecEvalDoesByScoreThenDocIdDescendingWhateverTheRankOrLineOrder() {
        Path f = bytes(
                dir,
                "run.trec",
                BOM,
                "q1 Q0 d3 3 0.5 x\r\nq1 Q0 d1 2 0.9 x\n\nq1\tQ0\td2\t1\t0.5\tx\nq2 Q0 d9 1 -1.5 x\n");
        RecallRun run = TrecRunFile.read(f, ReadOptions.STRICT);
        // d2 and d3 tie at 0.5: trec_eval's comp_sim_docno puts the larger doc id first, ignoring the rank column.
        assertThat(run.ranking("q1")).extracting(ScoredDoc::docId).containsExactly("d1", "d3", "d2");
        assertThat(run.ranking("q2")).containsExactly(new ScoredDoc("d9", -1.5));
    }

    @Test
    void trecRunErrorsNameTheLine() {
        Path cols = write(dir, "a.trec", "q1 Q0 d1 1 0.5 tag\nq1 Q0 d2 2 0.4\n");
        assertThatThrownBy(() -> TrecRunFile.read(cols, ReadOptions.STRICT))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(cols + ":2: expected 6 columns (qid Q0 docid rank score tag), found 5");
        Path rank = write(dir, "b.trec", "q1 Q0 d1 first 0.5 tag\n");
        assertThatThrownBy(() -> TrecRunFile.read(rank, ReadOptions.STRICT))
                .hasMessageStartingWith(rank + ":1: rank must be an integer");
        RecallRun lenient = TrecRunFile.read(cols, ReadOptions.LENIENT);
        assertThat(lenient.ranking("q1")).hasSize(1);
        assertThatThrownBy(() -> TrecRunFile.read(dir.resolve("none.trec"), ReadOptions.STRICT))
                .hasMessageEndingWith("file not found");
    }

    @Test
    void trecRunRoundTrip() {
        RecallRun run = new RecallRun("BM25", Map.of("q1", List.of(new ScoredDoc("7", 2.5), new ScoredDoc("3", 1.25))));
        Path f = dir.resolve("out/run.trec");
        TrecRunFile.write(f, run, "nsw");
        assertThat(TrecRunFile.read(f, ReadOptions.STRICT).rankings()).isEqualTo(run.rankings());
    }

    @Test
    void aNonFiniteScoreInATrecRunIsRefusedWithItsLine() {
        for (String bad : List.of("NaN", "nan", "Infinity", "-Infinity")) {
            Path f = write(dir, "bad.trec", "q1 Q0 1 1 0.5 r\nq1 Q0 2 2 " + bad + " r\n");
            assertThatThrownBy(() -> TrecRunFile.read(f, ReadOptions.STRICT))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith(f + ":2: score '" + bad + "' of document '2' is not a finite number");
        }
        assertThatThrownBy(() -> new RecallRun("x", Map.of("q", List.of(new ScoredDoc("d", Double.NaN)))))
                .hasMessageContaining("query 'q': document 'd' has the score NaN");
    }

    @Test
    void trecRunsAreWrittenInTrecEvalOrderWithExactScores() {
        // 0.1234561 and 0.1234564 are one number at six decimals: written rounded, trec_eval would tie them and
        // put document 1 before 2 (ids descending reversed), unlike nsw. Written exactly, both read the same order.
        RecallRun run = new RecallRun(
                "cosine",
                Map.of(
                        "q1",
                        List.of(
                                new ScoredDoc("1", 0.1234564),
                                new ScoredDoc("2", 0.1234561),
                                new ScoredDoc("10", 0.5),
                                new ScoredDoc("9", 0.5),
                                new ScoredDoc("3", (double) 12.345678f))));
        assertThat(run.ranking("q1")).extracting(ScoredDoc::docId).containsExactly("3", "9", "10", "1", "2");
        Path f = dir.resolve("out.trec");
        TrecRunFile.write(f, run, "t");
        assertThat(TestFilesRead.lines(f))
                .containsExactly(
                        "q1 Q0 3 1 12.345678329467773 t",
                        "q1 Q0 9 2 0.5 t",
                        "q1 Q0 10 3 0.5 t",
                        "q1 Q0 1 4 0.1234564 t",
                        "q1 Q0 2 5 0.1234561 t");
        assertThat(TrecRunFile.read(f, ReadOptions.STRICT).rankings()).isEqualTo(run.rankings());
        assertThat(TrecRunFile.exact(1e-7)).isEqualTo("0.0000001");
        assertThat(TrecRunFile.exact(-0.0)).isEqualTo("0");
        assertThat(TrecRunFile.exact(3.0)).isEqualTo("3");
    }

    @Test
    void theTieOrderComparesIdsAsStrcmpDoes() {
        // code point order = UTF-8 byte order, not UTF-16's: U+FF21 sorts below U+1F600 in strcmp
        assertThat(RankingOrder.compareIds("\uFF21", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF21".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(RankingOrder.compareIds("10", "9")).isNegative();
        assertThat(RankingOrder.compareIds("d1", "d1")).isZero();
        assertThat(RankingOrder.compareIds("d1", "d10")).isNegative();
    }

    /** Lines of a small file. */
    private static final class TestFilesRead {
        static List<String> lines(Path f) {
            try {
                return java.nio.file.Files.readAllLines(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
