package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.job.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run whose loss or gradients turn non-finite stops with one clear message before the bad numbers reach
 * the weights, the listeners (charts) or a checkpoint; the last checkpoint stays usable.
 */
class NonFiniteGuardTest {
    @TempDir
    Path tmp;

    /** The real in-batch objective, poisoned from step {@code badStep} on: a NaN loss, or an infinite gradient. */
    private static Objective<TrainingPair> poisoned(ContrastiveObjective real, long badStep, boolean gradient) {
        return new Objective<>() {
            @Override
            public String stage() {
                return real.stage();
            }

            @Override
            public Encoder encoder() {
                return real.encoder();
            }

            @Override
            public double lossAndBackward(NDManager scratch, List<TrainingPair> batch, long step) {
                double loss = real.lossAndBackward(scratch, batch, step);
                if (step < badStep) {
                    return loss;
                }
                if (gradient) {
                    var w = real.encoder()
                            .block()
                            .namedParameters()
                            .values()
                            .iterator()
                            .next()
                            .getArray();
                    w.getGradient().muli(Float.POSITIVE_INFINITY);
                    return loss;
                }
                return Double.NaN;
            }
        };
    }

    @ParameterizedTest(name = "gradient poisoned: {0}")
    @ValueSource(booleans = {false, true})
    void aNonFiniteStepStopsTheRunAndKeepsTheLastGoodCheckpoint(boolean gradient) throws Exception {
        TrainingConfig config = TrainingConfig.inBatchDefaults()
                .withBatchSize(4)
                .withEpochs(2)
                .withLearningRate(1e-3)
                .withSaveSteps(1);
        List<Double> chartedLosses = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                chartedLosses.add(e.loss());
            }
        };
        try (Encoder encoder = TinyEncoders.create(5, 0.1f)) {
            Trainer<TrainingPair> trainer = new Trainer<>(
                    poisoned(new ContrastiveObjective("inbatch", encoder, config), 3, gradient),
                    config,
                    tmp,
                    listener,
                    CancellationToken.NEVER,
                    null,
                    new RunRecord());
            assertThatThrownBy(() -> trainer.train(TinyEncoders.pairs(), false))
                    .isInstanceOf(Trainer.NonFiniteTrainingException.class)
                    .hasMessageContaining("step 4")
                    .hasMessageContaining(gradient ? "the gradient norm is" : "the loss is NaN")
                    .hasMessageContaining("checkpoint of step 3");
            assertThat(chartedLosses).hasSize(3).allMatch(Double::isFinite);
            // the weights in memory are those of the last checkpoint: the bad step never reached them
            try (Encoder checkpoint = Encoder.load(
                    Trainer.checkpointModel(tmp),
                    EncoderOptions.defaults()
                            .withMaxSeqLength(16)
                            .withOutputEmbSize(EncoderOptions.KEEP)
                            .withThreads(1))) {
                assertThat(checkpoint.modelId()).isEqualTo(encoder.modelId());
            }
            assertThat(Trainer.hasCheckpoint(tmp)).isTrue();
        }
    }
}
