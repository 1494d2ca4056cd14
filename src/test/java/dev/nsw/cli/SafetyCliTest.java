package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.Encoder;
import dev.nsw.io.AtomicFiles;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's data-loss cases as a new user would type them, each of which exited 0 on main after
 * destroying a file: now one line on stderr, exit 1, and every user file as it was.
 */
class SafetyCliTest {
    @TempDir
    Path dir;

    Path pairs;
    Path corpus;

    @BeforeEach
    void setUp() throws Exception {
        pairs = Files.writeString(dir.resolve("test.csv"), "北京的天气\t北京今天晴\n上海美食\t上海小笼包\n", StandardCharsets.UTF_8);
        corpus = Files.writeString(dir.resolve("corpus.csv"), "北京今天晴\n上海小笼包\n广州早茶\n", StandardCharsets.UTF_8);
    }

    private static void assertOneLineRefusal(CliRun r, String... fragments) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        // progress lines may come first; the error is one line, the last, with no stack trace
        List<String> lines = r.err().strip().lines().toList();
        assertThat(lines.getLast()).startsWith("nsw: error: ");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void bm25RebuildNeverDeletesAFolderNswDidNotMake() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Path inside = Files.writeString(mine.resolve("notes.txt"), "mine\n");
        CliRun r = CliRun.of(
                "bm25",
                "--similar_text_pair",
                pairs.toString(),
                "--corpus",
                corpus.toString(),
                "--index",
                mine.toString(),
                "--rebuild",
                "--evaluate");
        assertOneLineRefusal(r, mine.toString(), "not created by nsw");
        assertThat(Files.readString(inside)).isEqualTo("mine\n");

        // the input files themselves inside the index folder: refused before any work
        Path data = Files.createDirectories(dir.resolve("data"));
        Path p2 = Files.copy(pairs, data.resolve("test.csv"));
        Path c2 = Files.copy(corpus, data.resolve("corpus.csv"));
        CliRun own = CliRun.of(
                "bm25",
                "--similar_text_pair",
                p2.toString(),
                "--corpus",
                c2.toString(),
                "--index",
                data.toString(),
                "--rebuild",
                "--evaluate");
        assertOneLineRefusal(own, "holds an input");
        assertThat(Files.readString(c2)).isEqualTo(Files.readString(corpus));

        // its own folder it rebuilds, as before
        Path idx = dir.resolve("bm25-index");
        assertThat(CliRun.of(
                                "bm25",
                                "--similar_text_pair",
                                pairs.toString(),
                                "--corpus",
                                corpus.toString(),
                                "--index",
                                idx.toString(),
                                "--evaluate")
                        .exit())
                .isZero();
        CliRun again = CliRun.of(
                "bm25",
                "--similar_text_pair",
                pairs.toString(),
                "--corpus",
                corpus.toString(),
                "--index",
                idx.toString(),
                "--rebuild",
                "--evaluate");
        assertThat(again.exit()).as(again.err()).isZero();
    }

    @Test
    void anOutputThatIsAnInputIsRefusedForEveryCommandThatWrites() throws Exception {
        String pairsBefore = Files.readString(pairs);
        String corpusBefore = Files.readString(corpus);
        List<String[]> commands = List.of(
                new String[] {
                    "bm25",
                    "--similar_text_pair",
                    pairs.toString(),
                    "--corpus",
                    corpus.toString(),
                    "-o",
                    pairs.toString()
                },
                new String[] {
                    "bm25",
                    "--similar_text_pair",
                    pairs.toString(),
                    "--corpus",
                    corpus.toString(),
                    "--trec_run",
                    dir.resolve("x/../corpus.csv").toString()
                },
                new String[] {
                    "recall",
                    "--similar_text_pair",
                    pairs.toString(),
                    "--corpus",
                    corpus.toString(),
                    "--output",
                    pairs.toString()
                },
                new String[] {"embed", "--input", corpus.toString(), "--output", corpus.toString()},
                new String[] {"index", "--corpus", corpus.toString(), "-o", corpus.toString()},
                new String[] {
                    "index",
                    "--corpus",
                    corpus.toString(),
                    "-o",
                    dir.resolve("idx").toString(),
                    "--save_embeddings",
                    corpus.toString()
                },
                new String[] {
                    "search", "--corpus", corpus.toString(), "--query", "北京", "--corpus_embeddings", corpus.toString()
                },
                new String[] {
                    "rank", "mine", "--pairs", pairs.toString(), "--corpus", corpus.toString(), "-o", pairs.toString()
                },
                new String[] {"train", "inbatch", "--train_set_file", pairs.toString(), "--save_dir", pairs.toString()
                });
        for (String[] args : commands) {
            CliRun r = CliRun.of(args);
            assertOneLineRefusal(r, "is also an input");
        }
        assertThat(Files.readString(pairs)).isEqualTo(pairsBefore);
        assertThat(Files.readString(corpus)).isEqualTo(corpusBefore);
    }

    @Test
    void indexRefusesAFolderWithUserFilesAndAPlainFile() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("vectors"));
        Path lookalike = Files.writeString(mine.resolve("hnsw-mine.bin"), "not an index\n");
        CliRun r = CliRun.of("index", "--corpus", corpus.toString(), "-o", mine.toString());
        assertOneLineRefusal(r, mine.toString(), "not created by nsw");
        assertThat(Files.readString(lookalike)).isEqualTo("not an index\n");

        Path other = Files.writeString(dir.resolve("other.csv"), "x\n");
        CliRun file = CliRun.of("index", "--corpus", corpus.toString(), "-o", other.toString());
        assertOneLineRefusal(file, other + " is a file, not a vector index folder");
    }

    /** Training runs on a tiny random model. */
    private Path model;

    private Path train;

    private void tinyTrainingData() throws Exception {
        model = dir.resolve("tiny");
        try (Encoder e = TinyEncoders.create(1, 0.1f)) {
            e.save(model);
        }
        List<String> lines = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            lines.add(p.query() + "\t" + p.positive());
        }
        train = Files.write(dir.resolve("train.csv"), lines, StandardCharsets.UTF_8);
    }

    private CliRun trainInto(Path out, Path trainFile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--train_set_file",
                trainFile.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4"));
        args.addAll(List.of(extra));
        if (!args.contains("--epochs")) {
            args.addAll(List.of("--epochs", "1"));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aFinishedRunIsNotWipedByARerunAndResumeRefusesOtherData() throws Exception {
        tinyTrainingData();
        Path out = dir.resolve("run");
        assertThat(trainInto(out, train, "--max_steps", "2", "--save_steps", "1")
                        .exit())
                .isZero();
        byte[] finalWeights = Files.readAllBytes(out.resolve("final/model.safetensors"));

        CliRun rerun = trainInto(out, train);
        assertOneLineRefusal(rerun, out.toString(), "holds a training run", "--resume", "--overwrite");
        assertThat(Files.readAllBytes(out.resolve("final/model.safetensors"))).isEqualTo(finalWeights);

        Path otherTrain =
                Files.write(dir.resolve("train2.csv"), Files.readAllLines(train).reversed(), StandardCharsets.UTF_8);
        CliRun otherData = trainInto(out, otherTrain, "--resume");
        // the refusal names both files, not only their SHA-256s
        assertOneLineRefusal(otherData, "cannot resume", "training file", train.toString(), otherTrain.toString());
        CliRun otherLength = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--max_seq_length",
                "24",
                "--train_set_file",
                train.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "1",
                "--resume");
        assertOneLineRefusal(otherLength, "max_seq_length was 16, this run asks for 24");

        CliRun overwrite = trainInto(out, otherTrain, "--overwrite");
        assertThat(overwrite.exit()).as(overwrite.err()).isZero();
        assertThat(Files.readString(out.resolve("run.json"))).contains("train2.csv");
    }

    @Test
    void aKillBetweenTheRenamesOfACheckpointSaveResumes() throws Exception {
        tinyTrainingData();
        Path out = dir.resolve("run");
        // the 2nd checkpoint save (after step 2) "dies" once its old copy was moved aside (rename 2 of 3)
        AtomicInteger renames = new AtomicInteger();
        AtomicFiles.withRenameStep(
                (from, to) -> {
                    if (from.getFileName().toString().contains("checkpoint") && renames.incrementAndGet() == 5) {
                        throw new IllegalStateException("simulated kill -9");
                    }
                    AtomicFiles.move(from, to);
                },
                () -> assertThat(trainInto(out, train, "--epochs", "2", "--save_steps", "1")
                                .exit())
                        .isEqualTo(1));
        assertThat(out.resolve("checkpoint")).doesNotExist(); // what main's --resume saw: "no checkpoint"
        CliRun resumed = trainInto(out, train, "--epochs", "2", "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("step 3/6").doesNotContain("step 2/6");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".checkpoint."));
        }
    }

    /** Found by the re-run audit (docs/AUDIT.md, case 1.7): map wrote over a user's own map.png and exited 0. */
    @Test
    void mapNeverOverwritesAPictureOfTheUsersAndRewritesItsOwnFolder() throws Exception {
        tinyTrainingData();
        Path mine = Files.createDirectories(dir.resolve("pictures"));
        Path picture = Files.writeString(mine.resolve("map.png"), "my picture\n");
        java.util.function.Function<Path, CliRun> map = out -> CliRun.of(
                "map",
                "--model",
                model.toString(),
                "--similar_text_pair",
                "sample-data/zh/test.csv",
                "--corpus",
                "sample-data/zh/corpus.csv",
                "--output",
                out.toString());
        assertOneLineRefusal(map.apply(mine), mine.toString(), "not created by nsw");
        assertThat(Files.readString(picture)).isEqualTo("my picture\n");

        Path own = dir.resolve("map");
        for (int run = 0; run < 2; run++) { // its own folder it replaces, as before
            CliRun r = map.apply(own);
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(Files.size(own.resolve("map.png"))).isPositive();
    }

    @picocli.CommandLine.Command(name = "hungry")
    static final class Hungry implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anOutOfMemoryErrorEndsInOneLine() {
        var out = new java.io.StringWriter();
        var cli = new picocli.CommandLine(new Hungry());
        cli.setExecutionStrategy(new OutputsAreNotInputs());
        cli.setErr(new java.io.PrintWriter(out, true));
        assertThat(cli.execute()).isEqualTo(1);
        assertThat(out.toString().strip())
                .startsWith("nsw: error: out of memory")
                .contains("NSW_JAVA_OPTS=-Xmx")
                .doesNotContain("\n");
    }
}
