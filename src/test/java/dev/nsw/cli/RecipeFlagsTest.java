package dev.nsw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.encoder.Encoder;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.TrainingPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's flag names on a tiny random model (fast): {@code --save_steps} leaves {@code model_<step>/},
 * {@code --params_path} takes those folders and the recipe's {@code model_state.pdparams} path, flags without
 * meaning here are noted, and flags nsw cannot honour stop with a usage error. The recipe's commands
 * themselves, verbatim, run in {@link RecipeCommandsTest}.
 */
class RecipeFlagsTest {
    @TempDir
    Path dir;

    Path model;
    Path pairs;
    Path corpus;
    Path texts;

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
        }
        pairs = Files.write(dir.resolve("train.csv"), pairLines, StandardCharsets.UTF_8);
        texts = Files.write(dir.resolve("unsup.csv"), textLines, StandardCharsets.UTF_8);
        corpus = Files.write(
                dir.resolve("corpus.csv"),
                TinyEncoders.pairs().stream().map(TrainingPair::positive).toList(),
                StandardCharsets.UTF_8);
    }

    @Test
    void saveStepsLeavesModelFoldersThatRecallAndPredictOpenByTheRecipesPaths() throws Exception {
        Path save = dir.resolve("checkpoints/recall");
        CliRun train = CliRun.of(
                "train",
                "inbatch",
                "--device",
                "cpu",
                "--params_path",
                model.toString(),
                "--save_dir",
                save.toString(),
                "--batch_size",
                "4",
                "--learning_rate",
                "5E-5",
                "--epochs",
                "1",
                "--output_emb_size",
                "16",
                "--save_steps",
                "1",
                "--max_seq_length",
                "16",
                "--margin",
                "0.2",
                "--train_set_file",
                pairs.toString());
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.err()).contains("note: --device cpu is the recipe's");
        assertThat(train.out()).contains("inbatch: 3 steps");
        for (int step = 1; step <= 3; step++) {
            assertThat(save.resolve("model_" + step).resolve("model.safetensors"))
                    .isRegularFile();
        }
        // Each folder keeps its own step's weights, although the checkpoint they were linked from moved on.
        byte[] first = Files.readAllBytes(save.resolve("model_1/model.safetensors"));
        byte[] last = Files.readAllBytes(save.resolve("model_3/model.safetensors"));
        assertThat(Arrays.equals(first, last)).isFalse();
        assertThat(last).isEqualTo(Files.readAllBytes(save.resolve("final/model.safetensors")));

        Path test =
                Files.write(dir.resolve("test.csv"), Files.readAllLines(pairs).subList(0, 5), StandardCharsets.UTF_8);
        CliRun recall = CliRun.of(
                "recall",
                "--device",
                "cpu",
                "--recall_result_dir",
                dir.resolve("rd").toString(),
                "--recall_result_file",
                "recall_result.txt",
                "--params_path",
                save.resolve("model_2/model_state.pdparams").toString(),
                "--hnsw_m",
                "16",
                "--hnsw_ef",
                "50",
                "--batch_size",
                "8",
                "--output_emb_size",
                "16",
                "--max_seq_length",
                "16",
                "--recall_num",
                "5",
                "--similar_text_pair",
                test.toString(),
                "--corpus_file",
                corpus.toString());
        assertThat(recall.exit()).as(recall.err()).isZero();
        assertThat(recall.err()).contains("hnsw index of 12");
        assertThat(Files.readAllLines(dir.resolve("rd/recall_result.txt"))).hasSize(25);

        CliRun predict = CliRun.of(
                "predict",
                "--device",
                "cpu",
                "--params_path",
                save.resolve("model_3").toString(),
                "--output_emb_size",
                "16",
                "--batch_size",
                "128",
                "--max_seq_length",
                "16",
                "--text_pair_file",
                test.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        assertThat(predict.out().lines().toList())
                .hasSize(5)
                .allSatisfy(l -> assertThat(Double.parseDouble(l)).isBetween(-1.0, 1.0));

        CliRun missing = CliRun.of(
                "predict",
                "--params_path",
                save.resolve("model_99/model_state.pdparams").toString(),
                "--text_pair_file",
                test.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("unknown model");
    }

    @Test
    void aStepFolderNswDidNotWriteIsNeverReplaced() throws Exception {
        Path save = dir.resolve("paddle-checkpoints");
        Path theirs = Files.createDirectories(save.resolve("model_2")).resolve("model_state.pdparams");
        Files.writeString(theirs, "the recipe's own weights");
        CliRun r = CliRun.of(
                "train",
                "inbatch",
                "--model",
                model.toString(),
                "--save_dir",
                save.toString(),
                "--batch_size",
                "4",
                "--epochs",
                "1",
                "--save_steps",
                "1",
                "--max_seq_length",
                "16",
                "--train_set_file",
                pairs.toString());
        assertThat(r.exit()).isEqualTo(1);
        // The save_dir as a whole is refused first (it holds files nsw did not write); the step folder rule is the
        // second line of defence.
        assertThat(r.err())
                .contains("refusing to write a training run into " + save)
                .contains("was not created by nsw");
        assertThat(Files.readString(theirs)).isEqualTo("the recipe's own weights");
        assertThat(save.resolve("model_1")).doesNotExist(); // refused before the first step
    }

    @Test
    void simcseFlagsAreAcceptedWhenTheyAskForWhatNswDoesAndRefusedOtherwise() {
        Path save = dir.resolve("simcse");
        CliRun ok = CliRun.of(
                "train",
                "simcse",
                "--device",
                "cpu",
                "--model",
                model.toString(),
                "--save_dir",
                save.toString(),
                "--batch_size",
                "4",
                "--max_steps",
                "1",
                "--max_seq_length",
                "16",
                "--infer_with_fc_pooler",
                "--dropout",
                "0.1",
                "--dup_rate",
                "0",
                "--rdrop_coef",
                "0",
                "--test_set_file",
                "test.csv",
                "--train_set_file",
                texts.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err())
                .contains("note: --infer_with_fc_pooler is the recipe's")
                .contains("note: --test_set_file test.csv");

        CliRun dropout = CliRun.of(
                "train",
                "simcse",
                "--model",
                model.toString(),
                "--save_dir",
                save.toString(),
                "--dropout",
                "0.2",
                "--train_set_file",
                texts.toString());
        assertThat(dropout.exit()).isEqualTo(2);
        assertThat(dropout.err()).contains("--dropout 0.2 is not supported");
        CliRun dup = CliRun.of(
                "train",
                "simcse",
                "--model",
                model.toString(),
                "--save_dir",
                save.toString(),
                "--dup_rate",
                "0.32",
                "--train_set_file",
                texts.toString());
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.err()).contains("--dup_rate 0.32 is not supported: ESimCSE");
    }
}
