package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.Encoder;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training commands end to end on a tiny random model: files in, model folders and run records out. */
class TrainCommandTest {
    @TempDir
    Path dir;

    Path model;
    Path pairs;
    Path texts;
    Path corpus;

    @BeforeEach
    void setUp() throws Exception {
        model = dir.resolve("tiny");
        try (Encoder e = TinyEncoders.create(1, 0.1f)) {
            e.save(model);
        }
        List<String> pairLines = new ArrayList<>();
        List<String> textLines = new ArrayList<>();
        for (TrainingPair p : TinyEncoders.pairs()) {
            pairLines.add(p.query() + "\t" + p.positive());
            textLines.add(p.query());
            textLines.add(p.positive());
        }
        pairs = Files.write(dir.resolve("train.csv"), pairLines, StandardCharsets.UTF_8);
        texts = Files.write(dir.resolve("unsup.csv"), textLines, StandardCharsets.UTF_8);
        corpus = Files.write(
                dir.resolve("corpus.csv"),
                TinyEncoders.pairs().stream().map(TrainingPair::positive).toList(),
                StandardCharsets.UTF_8);
    }

    @Test
    void pipelineChainsMlmSimcseAndInBatchEachFromTheLast() {
        Path out = dir.resolve("pipeline");
        CliRun r = CliRun.of(
                "train",
                "pipeline",
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--unsupervised_file",
                texts.toString(),
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "1",
                "--learning_rate",
                "1e-3",
                "--dev_pairs",
                pairs.toString(),
                "--corpus",
                corpus.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String stage : List.of("mlm", "simcse", "inbatch")) {
            assertThat(out.resolve(stage).resolve("final").resolve("model.safetensors"))
                    .exists();
            assertThat(out.resolve(stage).resolve("run.json")).exists();
        }
        // each stage starts from the previous stage's final model
        assertThat(r.err())
                .contains("== simcse from " + out.resolve("mlm").resolve("final"))
                .contains("== inbatch from " + out.resolve("simcse").resolve("final"));
        assertThat(r.out())
                .contains("mlm: 6 steps")
                .contains("simcse: 6 steps")
                .contains("inbatch: 3 steps")
                .contains("R@5");
    }

    @Test
    void resumeContinuesAnInterruptedRunAndRefusesWhenThereIsNothingToResume() {
        Path out = dir.resolve("inbatch");
        CliRun first = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "2",
                "--max_steps",
                "2",
                "--save_steps",
                "1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("inbatch: 2 steps");
        CliRun resumed = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "2",
                "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("inbatch: 6 steps");
        assertThat(resumed.err()).contains("step 3/6").doesNotContain("step 2/6");

        CliRun nothing = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                dir.resolve("empty").toString(),
                "--resume");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("cannot resume").contains("no checkpoint");
    }

    @Test
    void inBatchWithMinedHardNegativesRecordsThem() throws Exception {
        Path out = dir.resolve("hard");
        CliRun r = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--max_seq_length",
                "16",
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                out.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "1",
                "--hard_negatives",
                "dense",
                "--hard_negatives_per_query",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        String record = Files.readString(out.resolve("run.json"));
        assertThat(record)
                .contains("\"hard_negatives\"")
                .contains("\"source\" : \"dense\"")
                .contains("\"mined\" : 24");

        CliRun bad = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                out.toString(),
                "--hard_negatives",
                "random");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err())
                .contains("Invalid value for option '--hard_negatives'")
                .contains("NONE, BM25, DENSE")
                .contains("'random'");
    }

    @Test
    void badHyperParametersAreUsageErrors() {
        CliRun r = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--train_set_file",
                pairs.toString(),
                "--save_dir",
                dir.resolve("x").toString(),
                "--batch_size",
                "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("batch size must be >= 2");
    }
}
