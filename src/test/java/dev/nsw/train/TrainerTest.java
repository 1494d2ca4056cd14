package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.eval.MetricsReport;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.CancelledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    private static Trainer<TrainingPair> trainer(
            Encoder encoder,
            TrainingConfig config,
            Path dir,
            TrainingListener listener,
            CancellationToken cancel,
            Trainer.Evaluator evaluator,
            RunRecord record) {
        return new Trainer<>(
                new ContrastiveObjective("inbatch", encoder, config), config, dir, listener, cancel, evaluator, record);
    }

    private static TrainingConfig quick() {
        return TrainingConfig.inBatchDefaults().withBatchSize(4).withEpochs(2).withLearningRate(1e-3);
    }

    @Test
    void lossFallsOnToyParaphrases() throws Exception {
        try (Encoder encoder = TinyEncoders.create(7, 0f)) {
            String idBefore = encoder.modelId();
            RunRecord record = new RunRecord();
            // one batch of 4 pairs seen 20 times: a working loop must overfit it (dropout 0: in a 32-wide
            // random model the dropout noise drowns the tiny differences between texts)
            Trainer<TrainingPair> trainer = trainer(
                    encoder,
                    quick().withEpochs(20).withLearningRate(3e-3),
                    tmp,
                    TrainingListener.NONE,
                    CancellationToken.NEVER,
                    null,
                    record);
            Trainer.Result result = trainer.train(TinyEncoders.pairs().subList(0, 4), false);
            assertThat(result.steps()).isEqualTo(20);
            double[] losses = record.losses();
            assertThat(losses[19]).isLessThan(losses[0] * 0.5);
            assertThat(encoder.modelId()).isNotEqualTo(idBefore);
            assertThat(Files.readString(tmp.resolve("run.json")))
                    .contains("\"stage\" : \"inbatch\"")
                    .contains("\"steps\"");
            try (Encoder reloaded = Encoder.load(
                    result.finalModel(),
                    EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1))) {
                assertThat(reloaded.embed(List.of("今天天气怎么样"))[0]).containsExactly(encoder.embed(List.of("今天天气怎么样"))[0]);
            }
        }
    }

    @Test
    void gradientCacheGivesThePlainLossAndGradients() throws Exception {
        TrainingConfig config = quick().withBatchSize(6).withGradientCacheChunk(2);
        List<TrainingPair> batch = TinyEncoders.pairs().subList(0, 6);
        List<String> q = batch.stream().map(TrainingPair::query).toList();
        List<String> p = batch.stream().map(TrainingPair::positive).toList();
        // dropout 0: the two methods then see the same network (with dropout they differ only in masks)
        try (Encoder encoder = TinyEncoders.create(11, 0f);
                NDManager scratch = encoder.manager().newSubManager()) {
            ContrastiveObjective objective = new ContrastiveObjective("inbatch", encoder, config);
            double plainLoss = LossGradients.plain(objective, scratch, q, p, null, config.loss(), 0);
            Map<String, float[]> plain = takeGradients(encoder, scratch);
            double cachedLoss = LossGradients.gradientCache(objective, scratch, q, p, null, config.loss(), 0);
            Map<String, float[]> cached = takeGradients(encoder, scratch);
            assertThat(cachedLoss).isCloseTo(plainLoss, org.assertj.core.api.Assertions.within(1e-5));
            double maxAbs = 0;
            double maxDiff = 0;
            for (String name : plain.keySet()) {
                float[] a = plain.get(name);
                float[] b = cached.get(name);
                for (int i = 0; i < a.length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                }
            }
            assertThat(maxAbs).isGreaterThan(1e-4); // the gradients are not trivially zero
            assertThat(maxDiff).isLessThan(1e-5 + 1e-4 * maxAbs);
        }
    }

    /** Copies every parameter's gradient and zeroes it. */
    private static Map<String, float[]> takeGradients(Encoder encoder, NDManager scratch) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : encoder.block().namedParameters().entrySet()) {
            NDArray g = e.getValue().getArray().getGradient();
            g.attach(scratch);
            out.put(e.getKey(), g.toFloatArray());
            g.subi(g);
        }
        return out;
    }

    /**
     * The recipe's {@code model_<step>/} folders are outputs a user shares like any other: their mode follows
     * the umask, as {@code final/} does (the reliability audit found them 0700, from a temporary folder).
     */
    @Test
    void stepModelFoldersFollowTheUmask() throws Exception {
        Path run = tmp.resolve("run");
        try (Encoder encoder = TinyEncoders.create(3, 0.1f)) {
            trainer(
                            encoder,
                            quick().withEpochs(1).withSaveSteps(2),
                            run,
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(TinyEncoders.pairs(), false);
        }
        Path control = Files.createDirectory(tmp.resolve("control"));
        String expected = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(control));
        for (String folder : List.of("model_2", "final")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(run.resolve(folder))))
                    .as(folder)
                    .isEqualTo(expected);
        }
    }

    @Test
    void resumeReachesTheSameWeightsAsAnUninterruptedRun() throws Exception {
        TrainingConfig config = quick().withSaveSteps(2);
        Path straight = tmp.resolve("straight");
        Path interrupted = tmp.resolve("interrupted");
        float[] expected;
        try (Encoder encoder = TinyEncoders.create(3, 0.1f)) {
            trainer(encoder, config, straight, TrainingListener.NONE, CancellationToken.NEVER, null, new RunRecord())
                    .train(TinyEncoders.pairs(), false);
            expected = encoder.embed(List.of("怎么学好英语"))[0];
        }
        CancellationToken cancel = new CancellationToken();
        TrainingListener cancelAfterStep4 = new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                if (step.step() == 4) {
                    cancel.cancel();
                }
            }
        };
        try (Encoder encoder = TinyEncoders.create(3, 0.1f)) {
            Trainer<TrainingPair> first =
                    trainer(encoder, config, interrupted, cancelAfterStep4, cancel, null, new RunRecord());
            assertThatThrownBy(() -> first.train(TinyEncoders.pairs(), false)).isInstanceOf(CancelledException.class);
        }
        assertThat(Trainer.hasCheckpoint(interrupted)).isTrue();
        assertThat(Files.readString(interrupted.resolve("checkpoint/trainer-state.json")))
                .contains("\"next_step\" : 4");
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(16).withThreads(1);
        try (Encoder resumed = Encoder.load(Trainer.checkpointModel(interrupted), options)) {
            Trainer.Result r = trainer(
                            resumed,
                            config,
                            interrupted,
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(TinyEncoders.pairs(), true);
            assertThat(r.steps()).isEqualTo(6);
            float[] actual = resumed.embed(List.of("怎么学好英语"))[0];
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    /**
     * Variants that cost differently per step are compared on a time axis: each step records its seconds and
     * each evaluation the sum of step seconds before it, so that the evaluations' own time is left out.
     */
    @Test
    void evaluationsCarryTheTrainingSecondsBeforeThem() throws Exception {
        RunRecord record = new RunRecord();
        Trainer.Evaluator slowEvaluator = encoder -> {
            sleepQuietly(300); // far longer than a tiny step: it would show in train_seconds if counted
            return new MetricsReport("dev", 4, 4, Map.of(1, 50.0, 5, 75.0, 10, 100.0), 0.5, 0.6, List.of());
        };
        try (Encoder encoder = TinyEncoders.create(9, 0f)) {
            trainer(encoder, quick(), tmp, TrainingListener.NONE, CancellationToken.NEVER, slowEvaluator, record)
                    .train(TinyEncoders.pairs(), false);
        }
        JsonNode run = new ObjectMapper().readTree(tmp.resolve("run.json").toFile());
        JsonNode steps = run.path("steps");
        JsonNode evaluations = run.path("evaluations");
        assertThat(evaluations).hasSize(2); // one per epoch
        double sum = 0;
        int e = 0;
        for (JsonNode step : steps) {
            assertThat(step.path(3).asDouble(-1)).isPositive();
            sum += step.path(3).asDouble();
            if (e < evaluations.size()
                    && evaluations.get(e).path("step").asLong() == step.path(0).asLong()) {
                assertThat(evaluations.get(e).path("train_seconds").asDouble())
                        .isCloseTo(sum, org.assertj.core.api.Assertions.within(0.002 * steps.size()));
                e++;
            }
        }
        assertThat(e).isEqualTo(2);
        assertThat(run.path("train_seconds").asDouble())
                .isCloseTo(record.trainSeconds(), org.assertj.core.api.Assertions.within(0.001))
                .isLessThan(run.path("wall_seconds").asDouble() - 0.5); // two 0.3 s evaluations left out
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void resumeRefusesADifferentConfiguration() throws Exception {
        try (Encoder encoder = TinyEncoders.create(5, 0.1f)) {
            trainer(
                            encoder,
                            quick().withMaxSteps(1),
                            tmp,
                            TrainingListener.NONE,
                            CancellationToken.NEVER,
                            null,
                            new RunRecord())
                    .train(TinyEncoders.pairs(), false);
            Trainer<TrainingPair> other = trainer(
                    encoder,
                    quick().withSeed(99),
                    tmp,
                    TrainingListener.NONE,
                    CancellationToken.NEVER,
                    null,
                    new RunRecord());
            assertThatThrownBy(() -> other.train(TinyEncoders.pairs(), true))
                    .hasMessageContaining("cannot resume")
                    .hasMessageContaining("seed 99");
        }
    }

    @Test
    void falseNegativeMaskDropsRepeatedPositives() {
        float[] keep = ContrastiveObjective.keepMask(List.of("a", "b", "a"), 3);
        assertThat(keep).containsExactly(1, 1, 0, 1, 1, 1, 0, 1, 1);
        // two rows (positives a, b) and two mined negatives, one of which is row 0's answer after all
        float[] withNegatives = ContrastiveObjective.keepMask(List.of("a", "b", "x", "a"), 2);
        assertThat(withNegatives).containsExactly(1, 1, 1, 0, 1, 1, 1, 1);
    }
}
