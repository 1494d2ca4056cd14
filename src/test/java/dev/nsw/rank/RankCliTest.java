package dev.nsw.rank;

import static dev.nsw.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.cli.CliRun;
import dev.nsw.encoder.Encoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                        "--input",
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
                // a model folder is named by its path, not by the base model its nsw-model.json records
                .contains("dense cosine (" + model + ")")
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
                        "--top_k",
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
                        "--top_k",
                        "3",
                        "--rerank",
                        "3",
                        "--reranker",
                        reranker.toString(),
                        "--show_top",
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
                        "--trec_run",
                        testRun.toString()))
                .as(last.err())
                .isZero();
        assertThat(run(
                        "bm25",
                        "--similar_text_pair",
                        devPairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec_run",
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
                        "--trec_run",
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
                        "--trec_run",
                        devRun.toString()))
                .isEqualTo(1);
        assertThat(last.err()).contains("made for another query set");
        assertThat(run(
                        "evaluate",
                        "--similar_text_pair",
                        devPairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--trec_run",
                        devRun.toString()))
                .as(last.err())
                .isZero();
        Path foreign = write(dir, "foreign.trec", "nope Q0 1 1 3.5 other\n");
        assertThat(rerank(foreign, reranker, "--threads", "1", "--rerank", "5")).isEqualTo(1);
        assertThat(last.err()).contains("foreign.trec").contains("query id 'nope' is not a query of");
    }

    private String[] train(Path save, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "rank",
                "train",
                "--model",
                model.toString(),
                "--max_seq_length",
                "32",
                "--threads",
                "1",
                "--save_dir",
                save.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private float[] predict(Path reranker) {
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
        float[] p = new float[lines.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Float.parseFloat(lines[i]);
        }
        return p;
    }

    @Test
    void listwiseTrainingOnNegativesOfAFirstStageRunSavesAndResumes() throws Exception {
        // a first-stage run of the pair file (q1..q4 in file order; doc ids = corpus line numbers), each query's
        // gold ranked second: the negatives must be the other texts, in this order
        StringBuilder trec = new StringBuilder();
        int[][] ranked = {{5, 1, 6, 7, 2}, {6, 2, 5, 3, 4}, {7, 3, 1, 5, 6}, {2, 4, 7, 6, 1}};
        for (int q = 0; q < ranked.length; q++) {
            for (int r = 0; r < ranked[q].length; r++) {
                trec.append(String.format("q%d Q0 %d %d %d.0 other-system%n", q + 1, ranked[q][r], r + 1, 10 - r));
            }
        }
        Path firstStage = write(dir, "first-stage.trec", trec.toString());
        String[] listwise = {
            "--pairs",
            pairs.toString(),
            "--corpus",
            corpus.toString(),
            "--mine_run",
            firstStage.toString(),
            "--mine_top_n",
            "3",
            "--negatives",
            "2",
            "--loss",
            "listwise",
            "--batch_size",
            "2",
            "--epochs",
            "2",
            "--learning_rate",
            "1e-3"
        };
        Path straight = dir.resolve("listwise-straight");
        assertThat(run(train(straight, listwise))).as(last.err()).isZero();
        // the top 3 minus the gold holds exactly 2 texts per query
        assertThat(last.err())
                .contains("mined 8 negatives (2 a pair) from run first-stage.trec (top 3); skipped 0 pairs")
                .contains("listwise loss")
                .contains("4 queries × (1 + 2) texts");
        assertThat(last.out()).contains("rank: 4 steps");
        var runJson = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(straight.resolve("run.json").toFile());
        assertThat(runJson.at("/stage").asText()).isEqualTo("rank");
        assertThat(runJson.at("/settings/loss").asText()).isEqualTo("listwise");
        assertThat(runJson.at("/settings/negatives").asInt()).isEqualTo(2);
        assertThat(runJson.at("/settings/train_examples").asInt()).isEqualTo(4);
        assertThat(runJson.at("/settings/mining/source").asText()).isEqualTo("run");
        assertThat(runJson.at("/settings/mining/run").asText()).endsWith("first-stage.trec");
        assertThat(runJson.at("/settings/mining/top_n").asInt()).isEqualTo(3);
        assertThat(runJson.at("/settings/mining/negatives").asInt()).isEqualTo(2);
        float[] expected = predict(straight.resolve("final"));

        // stopped after 2 of 4 steps, then resumed: the same reranker as the uninterrupted run
        Path interrupted = dir.resolve("listwise-interrupted");
        List<String> firstHalf = new ArrayList<>(List.of(listwise));
        firstHalf.addAll(List.of("--max_steps", "2"));
        assertThat(run(train(interrupted, firstHalf.toArray(String[]::new))))
                .as(last.err())
                .isZero();
        assertThat(last.out()).contains("rank: 2 steps");
        float[] half = predict(interrupted.resolve("final"));
        assertThat(java.util.stream.IntStream.range(0, half.length)
                        .anyMatch(i -> Math.abs(half[i] - expected[i]) > 1e-4))
                .as("two more steps change the scores, so the comparison below can fail")
                .isTrue();
        List<String> rest = new ArrayList<>(List.of(listwise));
        rest.add("--resume");
        assertThat(run(train(interrupted, rest.toArray(String[]::new))))
                .as(last.err())
                .isZero();
        assertThat(last.out()).contains("rank: 4 steps");
        float[] resumed = predict(interrupted.resolve("final"));
        for (int i = 0; i < expected.length; i++) {
            assertThat(resumed[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
        }
        // resuming it with the other loss is refused, naming the setting
        List<String> margin = new ArrayList<>(rest);
        margin.set(margin.indexOf("listwise"), "margin");
        assertThat(run(train(interrupted, margin.toArray(String[]::new)))).isEqualTo(1);
        assertThat(last.err()).contains("the ranking loss was listwise, this run asks for margin");
    }

    @Test
    void listwiseTrainsOnTriplesAndJsonLines() throws Exception {
        // a triples file brings one negative a line: listwise over [B, 2] is fine
        Path triples = write(
                dir,
                "triples.tsv",
                "今天天气怎么样\t今日天气如何\t英语单词怎么背\n怎么学好英语\t如何提高英语水平\t手机怎么充电\n" + "感冒了吃什么药\t感冒应该吃哪种药\t天气预报怎么看\n");
        Path fromTriples = dir.resolve("listwise-triples");
        assertThat(run(train(
                        fromTriples,
                        "--train_set_file",
                        triples.toString(),
                        "--loss",
                        "listwise",
                        "--batch_size",
                        "3",
                        "--epochs",
                        "1")))
                .as(last.err())
                .isZero();
        assertThat(last.err()).contains("3 queries × (1 + 1) texts");
        assertThat(last.out()).contains("rank: 1 steps");
        assertThat(Files.readString(fromTriples.resolve("run.json"))).contains("\"loss\" : \"listwise\"");
        assertThat(CrossEncoder.isReranker(fromTriples.resolve("final"))).isTrue();

        // JSON lines: N of each line's negatives; a line listing fewer is skipped and counted
        Path jsonl = write(
                dir,
                "groups.jsonl",
                "{\"query\": \"今天天气怎么样\", \"pos\": [\"今日天气如何\"], \"neg\": [\"英语单词怎么背\", \"手机怎么充电\", \"红烧肉的做法\"]}\n"
                        + "{\"query\": \"怎么学好英语\", \"pos\": [\"如何提高英语水平\"], \"neg\": [\"手机怎么充电\", \"今日天气如何\"]}\n"
                        + "{\"query\": \"感冒了吃什么药\", \"pos\": [\"感冒应该吃哪种药\"], \"neg\": [\"天气预报怎么看\"]}\n");
        Path fromJsonl = dir.resolve("listwise-jsonl");
        assertThat(run(train(
                        fromJsonl,
                        "--train_set_file",
                        jsonl.toString(),
                        "--loss",
                        "listwise",
                        "--negatives",
                        "2",
                        "--batch_size",
                        "2",
                        "--epochs",
                        "1")))
                .as(last.err())
                .isZero();
        assertThat(last.err())
                .contains("skipped 1 lines listing fewer than 2 negatives")
                .contains("2 queries × (1 + 2)");
        assertThat(last.out()).contains("rank: 1 steps");
    }

    @Test
    void recallHybridThenRerankIsTheHybridRunRerankedAsRankRerankDoesIt() throws Exception {
        Path rerankerDir = dir.resolve("chain-reranker");
        try (CrossEncoder ce = TinyCrossEncoders.create(5, 0f)) {
            ce.save(rerankerDir);
        }
        String[] hybrid = {
            "recall",
            "--similar_text_pair",
            pairs.toString(),
            "--corpus",
            corpus.toString(),
            "--model",
            model.toString(),
            "--mode",
            "hybrid",
            "--hybrid_weight",
            "0.5",
            "--top_k",
            "5",
            "--runtime",
            "torch",
            "--threads",
            "1"
        };
        Path hybridRun = dir.resolve("chain-hybrid.trec");
        assertThat(run(concat(hybrid, "--trec_run", hybridRun.toString())))
                .as(last.err())
                .isZero();
        // one command: hybrid → rerank the fused top 3, mixed half and half
        Path chained = dir.resolve("chain.trec");
        assertThat(run(concat(
                        hybrid,
                        "--rerank",
                        "3",
                        "--reranker",
                        rerankerDir.toString(),
                        "--rerank_weight",
                        "0.5",
                        "--trec_run",
                        chained.toString())))
                .as(last.err())
                .isZero();
        assertThat(last.err())
                .containsPattern("chain: [0-9.]+ ms per query \\(BM25 \\+ dense recall \\+ fusion [0-9.]+ ms,"
                        + " reranking the top 3 [0-9.]+ ms\\) over 4 queries");
        // the same by files: the hybrid's TREC run reranked by nsw rank rerank
        Path byFiles = dir.resolve("chain-files.trec");
        assertThat(rerank(
                        hybridRun,
                        rerankerDir,
                        "--rerank",
                        "3",
                        "--rerank_weight",
                        "0.5",
                        "--threads",
                        "1",
                        "--trec_run",
                        byFiles.toString()))
                .as(last.err())
                .isZero();
        var a = dev.nsw.data.TrecRunFile.read(chained, dev.nsw.data.ReadOptions.STRICT);
        var b = dev.nsw.data.TrecRunFile.read(byFiles, dev.nsw.data.ReadOptions.STRICT);
        assertThat(a.rankings().keySet()).isEqualTo(b.rankings().keySet());
        for (String q : a.rankings().keySet()) {
            assertThat(a.ranking(q))
                    .extracting(dev.nsw.data.ScoredDoc::docId)
                    .containsExactlyElementsOf(b.ranking(q).stream()
                            .map(dev.nsw.data.ScoredDoc::docId)
                            .toList());
            for (int i = 0; i < a.ranking(q).size(); i++) {
                assertThat(a.ranking(q).get(i).score())
                        .isCloseTo(b.ranking(q).get(i).score(), org.assertj.core.api.Assertions.within(1e-6));
            }
        }
        // usage: --rerank needs the hybrid and a reranker; a mix weight is given or tuned, not both
        assertThat(run(
                        "recall",
                        "--similar_text_pair",
                        pairs.toString(),
                        "--corpus",
                        corpus.toString(),
                        "--rerank",
                        "3",
                        "--reranker",
                        rerankerDir.toString(),
                        "--evaluate"))
                .isEqualTo(2);
        assertThat(last.err()).contains("--rerank N (N >= 1) needs --mode hybrid and --reranker DIR");
        assertThat(run(concat(hybrid, "--rerank", "3", "--evaluate"))).isEqualTo(2);
    }

    @Test
    void miningAndLossUsageErrorsExitTwo() {
        Path save = dir.resolve("never");
        String[] pairsAndCorpus = {"--pairs", pairs.toString(), "--corpus", corpus.toString()};
        assertThat(run(train(save, concat(pairsAndCorpus, "--mine", "bm25", "--negatives", "0"))))
                .isEqualTo(2);
        assertThat(last.err()).contains("--negatives must be >= 1, got 0");
        assertThat(run(train(save, "--pairs", pairs.toString(), "--mine_run", pairs.toString())))
                .isEqualTo(2);
        assertThat(last.err()).contains("--mine_run needs --corpus");
        assertThat(run(train(save, concat(pairsAndCorpus, "--mine", "bm25", "--mine_run", pairs.toString()))))
                .isEqualTo(2);
        assertThat(last.err()).contains("not both");
        assertThat(run(train(save, concat(pairsAndCorpus, "--mine", "bm25", "--loss", "pointwise"))))
                .isEqualTo(2);
        assertThat(last.err()).contains("--loss");
        Path triples = write(dir, "one-triple.tsv", "今天天气怎么样\t今日天气如何\t英语单词怎么背\n");
        assertThat(run(train(save, "--train_set_file", triples.toString(), "--negatives", "2")))
                .isEqualTo(2);
        assertThat(last.err()).contains("a triples file has one negative a line");
        assertThat(run(train(save, "--train_set_file", triples.toString(), "--mine_run", triples.toString())))
                .isEqualTo(2);
        assertThat(Files.exists(save)).isFalse();
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
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
