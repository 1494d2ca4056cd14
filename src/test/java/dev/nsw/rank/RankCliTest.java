package dev.nsw.rank;

import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.cli.CliRun;
import dev.nsw.encoder.Encoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rank and search commands end to end on a tiny random model (fast; checks wiring, not quality). */
class RankCliTest {
    @TempDir
    static Path dir;

    static Path model;
    static Path pairs;
    static Path corpus;
    static Path labelled;
    CliRun last;

    @BeforeAll
    static void files() throws Exception {
        model = dir.resolve("tiny-model");
        try (Encoder e = TinyCrossEncoders.encoder(2, 0.1f)) {
            e.save(model);
        }
        pairs = write(
                dir, "pairs.csv", "手机没电了怎么办\t手机电量耗尽如何处理\n今天天气怎么样\t今日天气如何\n怎么学好英语\t如何提高英语水平\n" + "感冒了吃什么药\t感冒应该吃哪种药\n");
        corpus = write(dir, "corpus.csv", "手机电量耗尽如何处理\n今日天气如何\n如何提高英语水平\n感冒应该吃哪种药\n手机怎么充电\n天气预报怎么看\n英语单词怎么背\n");
        labelled = write(
                dir,
                "labelled.tsv",
                "今天天气怎么样\t今日天气如何\t1\n今天天气怎么样\t英语单词怎么背\t0\n怎么学好英语\t如何提高英语水平\t1\n" + "怎么学好英语\t手机怎么充电\t0\n");
    }

    private int run(String... args) {
        last = CliRun.of(args);
        return last.exit();
    }

    /** {@code nsw rank rerank} of the test pairs over the corpus: {@code firstStage} reranked, then {@code more}. */
    private int rerank(Path firstStage, Path reranker, String... more) {
        String[] head = {
            "rank",
            "rerank",
            "--similar_text_pair",
            pairs.toString(),
            "--corpus",
            corpus.toString(),
            "--first_stage",
            firstStage.toString(),
            "--reranker",
            reranker.toString()
        };
        String[] args = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return run(args);
    }

    @Test
    void trainPredictEvaluateSearch() throws Exception {
        Path save = dir.resolve("run");
        assertThat(run(
                        "rank",
                        "train",
                        "--pairs",
                        pairs.toString(),
                        "--mine",
                        "bm25",
                        "--corpus",
                        corpus.toString(),
                        "--model",
                        model.toString(),
                        "--max_seq_length",
                        "32",
                        "--batch_size",
                        "2",
                        "--epochs",
                        "1",
                        "--threads",
                        "1",
                        "--save_dir",
                        save.toString()))
                .as(last.err())
                .isZero();
        assertThat(last.err()).contains("mined 4 negatives");
        assertThat(last.out()).contains("rank: 2 steps");
        Path reranker = save.resolve("final");
        assertThat(CrossEncoder.isReranker(reranker)).isTrue();
        assertThat(Files.readString(save.resolve("run.json")))
                .contains("\"stage\" : \"rank\"")
                .contains("mining");

        assertThat(run(
                        "rank",
                        "predict",
                        "--reranker",
                        reranker.toString(),
                        "--input",
                        labelled.toString(),
                        "--threads",
                        "1"))
                .as(last.err())
                .isZero();
        String[] lines = last.out().strip().split("\n");
        assertThat(lines).hasSize(4);
        for (String l : lines) {
            assertThat(Float.parseFloat(l)).isStrictlyBetween(0f, 1f);
        }
        assertThat(last.err()).contains("AUC");
        assertThat(run(
                        "rank",
                        "predict",
                        "--reranker",
                        reranker.toString(),
                        "--input",
                        pairs.toString(),
                        "--threads",
                        "1"))
                .as(last.err())
                .isZero();
        assertThat(last.out().strip().split("\n")).hasSize(4); // unlabelled pairs: probabilities, no AUC
        assertThat(last.err()).doesNotContain("AUC");

        assertThat(run(
                        "rank",
                        "evaluate",
                        "--reranker",
                        reranker.toString(),
                        "--test_file",
                        labelled.toString(),
                        "--model",
                        model.toString(),
                        "--max_seq_length",
                        "32",
                        "--threads",
                        "1"))
                .as(last.err())
                .isZero();
        assertThat(last.out())
                .contains("dense cosine")
                .contains("cross-encoder")
                .contains("AUC");

        assertThat(run(
                        "search",
                        "--similar_text_pair",
                        pairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--model",
                        model.toString(),
                        "--max_seq_length",
                        "32",
                        "--threads",
                        "1",
                        "--recall_num",
                        "5",
                        "--rerank",
                        "5",
                        "--reranker",
                        reranker.toString(),
                        "--corpus_embeddings",
                        dir.resolve("emb.npy").toString()))
                .as(last.err())
                .isZero();
        assertThat(last.out()).contains("dense").contains("reranked top 5").contains("R@1");
        assertThat(Files.isRegularFile(dir.resolve("emb.npy.model-id"))).isTrue();

        assertThat(run(
                        "search",
                        "--query",
                        "今天天气怎么样",
                        "--corpus",
                        corpus.toString(),
                        "--model",
                        model.toString(),
                        "--max_seq_length",
                        "32",
                        "--threads",
                        "1",
                        "--recall_num",
                        "3",
                        "--rerank",
                        "3",
                        "--reranker",
                        reranker.toString(),
                        "--top_k",
                        "2",
                        "--corpus_embeddings",
                        dir.resolve("emb.npy").toString()))
                .as(last.err())
                .isZero();
        assertThat(last.out()).contains("# q1\t今天天气怎么样").contains("(scores: probability)");
        assertThat(last.out().lines().filter(l -> l.matches("\\d\t.*"))).hasSize(2);
        assertThat(last.err()).contains("read from");

        // rank rerank: any first stage (here BM25 TREC runs), the mix tuned on a dev set with its own first-stage run
        Path devPairs = write(dir, "dev-pairs.csv", "怎么背英语单词\t英语单词怎么背\n手机如何充电\t手机怎么充电\n");
        Path testRun = dir.resolve("bm25-test.trec");
        Path devRun = dir.resolve("bm25-dev.trec");
        assertThat(run(
                        "bm25",
                        "--similar_text_pair",
                        pairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec-run",
                        testRun.toString()))
                .as(last.err())
                .isZero();
        assertThat(run(
                        "bm25",
                        "--similar_text_pair",
                        devPairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec-run",
                        devRun.toString()))
                .as(last.err())
                .isZero();
        Path reranked = dir.resolve("reranked.trec");
        assertThat(rerank(
                        testRun,
                        reranker,
                        "--threads",
                        "1",
                        "--rerank",
                        "5",
                        "--tune_on",
                        devPairs.toString(),
                        "--dev_first_stage",
                        devRun.toString(),
                        "--trec-run",
                        reranked.toString()))
                .as(last.err())
                .isZero();
        assertThat(last.out())
                .contains("first stage, top 5")
                .contains("reranker alone")
                .contains("(tuned on dev)");
        assertThat(last.err()).containsPattern("rerank: weight [01]\\.\\d\\d tuned on .*dev-pairs.csv \\(2 queries\\)");
        assertThat(dev.nsw.data.TrecRunFile.read(reranked, dev.nsw.data.ReadOptions.STRICT)
                        .rankings())
                .hasSize(4);
        // tuning on the set being scored, a weight and a tuning at once, a run of another set: refused
        assertThat(rerank(testRun, reranker, "--tune_on", pairs.toString(), "--dev_first_stage", testRun.toString()))
                .isEqualTo(2);
        assertThat(last.err()).contains("never on test");
        assertThat(rerank(
                        testRun,
                        reranker,
                        "--rerank_weight",
                        "0.5",
                        "--tune_on",
                        devPairs.toString(),
                        "--dev_first_stage",
                        devRun.toString()))
                .isEqualTo(2);
        // the dev run has ids q1, q2 like the test set's, but nsw stamped it for the dev queries: refused, not
        // mis-scored
        assertThat(java.nio.file.Files.readString(devRun)).containsPattern(" nsw-bm25@q[0-9a-f]{12}\n");
        assertThat(rerank(devRun, reranker, "--threads", "1", "--rerank", "5")).isEqualTo(1);
        assertThat(last.err()).contains("bm25-dev.trec:1: this run was made for another query set");
        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        pairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec-run",
                        devRun.toString()))
                .isEqualTo(1);
        assertThat(last.err()).contains("made for another query set");
        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        devPairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec-run",
                        devRun.toString()))
                .as(last.err())
                .isZero();
        Path foreign = write(dir, "foreign.trec", "nope Q0 1 1 3.5 other\n");
        assertThat(rerank(foreign, reranker, "--threads", "1", "--rerank", "5")).isEqualTo(1);
        assertThat(last.err()).contains("foreign.trec").contains("query id 'nope' is not a query of");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("rank", "train", "--save_dir", dir.resolve("x").toString()))
                .isEqualTo(2);
        assertThat(run(
                        "rank",
                        "train",
                        "--pairs",
                        pairs.toString(),
                        "--save_dir",
                        dir.resolve("x").toString()))
                .isEqualTo(2);
        assertThat(run("search", "--query", "x", "--corpus", corpus.toString(), "--rerank", "5"))
                .isEqualTo(2);
        assertThat(run("rank", "predict", "--reranker", dir.resolve("nope").toString(), "--input", labelled.toString()))
                .isEqualTo(2);
    }
}
