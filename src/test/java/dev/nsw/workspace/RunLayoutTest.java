package dev.nsw.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nsw.encoder.Encoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.train.ContrastiveObjective;
import dev.nsw.train.RunRecord;
import dev.nsw.train.Strategy;
import dev.nsw.train.TinyEncoders;
import dev.nsw.train.Trainer;
import dev.nsw.train.TrainingConfig;
import dev.nsw.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLayoutTest {
    @TempDir
    Path runs;

    private void train(Path dir) throws Exception {
        try (Encoder encoder = TinyEncoders.create(5, 0.1f)) {
            TrainingConfig config = TrainingConfig.inBatchDefaults()
                    .withBatchSize(4)
                    .withEpochs(1)
                    .withLearningRate(1e-3);
            new Trainer<>(
                            new ContrastiveObjective("inbatch", encoder, config),
                            config,
                            dir,
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(TinyEncoders.pairs(), false);
        }
    }

    @Test
    void aFinishedRunIsReadFromItsFiles() throws Exception {
        Path dir = runs.resolve("my-run"); // a name that says nothing: the strategy comes from run.json
        train(dir);
        RunLayout run = new RunLayout(dir);
        assertThat(run.resumable()).as("finished: nothing to resume").isFalse();
        assertThat(run.latestModel()).contains(dir.resolve("final")); // no dev set, so no best/
        assertThat(run.strategy()).contains(Strategy.INBATCH);
        assertThat(run.settings().configInt("batchSize")).contains(4);
        assertThat(run.settings().configDouble("learningRate")).contains(1e-3);
        assertThat(run.settings().configInt("no-such")).isEmpty();
        assertThat(run.settings().strategy()).contains(Strategy.INBATCH); // one parse for both
    }

    @Test
    void anUnreadableRunJsonLeavesTheStrategyToTheFolderName() throws Exception {
        Path dir = Files.createDirectories(runs.resolve("mlm-20261127-100000"));
        Files.writeString(dir.resolve("run.json"), "{\"stage\": \"simcse\", ");
        RunLayout run = new RunLayout(dir);
        assertThat(run.strategy()).contains(Strategy.MLM);
        assertThatThrownBy(run::settings)
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not valid JSON");
        Files.writeString(dir.resolve("run.json"), "{\"stage\": \"simcse\"}");
        assertThat(run.strategy()).contains(Strategy.SIMCSE); // the record wins over the name
    }

    @Test
    void theNewestResumableRunIsChosenAndNewRunsAreNamedByStrategyAndTime() throws Exception {
        assertThat(RunLayout.latestResumable(runs)).isEmpty();
        train(runs.resolve("inbatch-20261127-100000"));
        train(runs.resolve("inbatch-20261127-120000"));
        train(runs.resolve("inbatch-20261127-125000"));
        // the two older runs stopped before their end: no final/ model, a checkpoint to continue from
        dev.nsw.io.AtomicFiles.deleteTree(
                runs.resolve("inbatch-20261127-100000").resolve("final"));
        dev.nsw.io.AtomicFiles.deleteTree(
                runs.resolve("inbatch-20261127-120000").resolve("final"));
        Files.createDirectories(runs.resolve("inbatch-20261127-130000")); // started, no checkpoint yet
        assertThat(RunLayout.latestResumable(runs)).contains(new RunLayout(runs.resolve("inbatch-20261127-120000")));
        assertThat(new RunLayout(runs.resolve("inbatch-20261127-130000")).latestModel())
                .isEmpty();
        assertThat(RunLayout.newRun(runs, Strategy.SIMCSE, LocalDateTime.of(2026, 11, 27, 9, 5, 7))
                        .dir())
                .isEqualTo(runs.resolve("simcse-20261127-090507"));
        assertThat(new RunLayout(runs.resolve("simcse-20261127-090507")).strategy())
                .contains(Strategy.SIMCSE); // by name
    }

    @Test
    void trainedModelsAreEveryRunsBestThenFinalNewestRunFirst() throws Exception {
        assertThat(RunLayout.trainedModels(runs.resolve("absent"))).isEmpty();
        train(runs.resolve("inbatch-20261127-100000")); // final/ only: no dev set
        Path newer = runs.resolve("simcse-20261128-090000");
        train(newer);
        // a best/ beside final/; and a folder that holds no model (no config.json) is not offered
        copy(newer.resolve("final"), newer.resolve("best"));
        Files.createDirectories(runs.resolve("inbatch-20261129-080000").resolve("best"));
        assertThat(RunLayout.trainedModels(runs))
                .containsExactly(
                        newer.resolve("best"),
                        newer.resolve("final"),
                        runs.resolve("inbatch-20261127-100000").resolve("final"));
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aRunsModelHasAShortReadableName() {
        assertThat(RunLayout.readableName(Path.of("runs", "inbatch-20261127-161502", "best")))
                .contains("inbatch 11-27 16:15:02 best");
        assertThat(RunLayout.readableName(Path.of("/w", "runs", "simcse-20261128-090000", "final")))
                .contains("simcse 11-28 09:00:00 final");
        assertThat(RunLayout.readableName(Path.of("runs", "my-run", "best"))).isEmpty(); // not named by newRun
        assertThat(RunLayout.readableName(Path.of("runs", "inbatch-20261127-161502", "checkpoint")))
                .isEmpty();
        assertThat(RunLayout.readableName(Path.of("best"))).isEmpty();
    }
}
