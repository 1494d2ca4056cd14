package dev.nsw.train;

import dev.nsw.eval.MetricsReport;
import java.nio.file.Path;

/**
 * Receives training events, in the spirit of DJL's {@code TrainingListener}. Called on the training
 * thread; a UI must batch the updates onto its own thread. Every method has an empty default.
 */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** Before the first step: how many steps there will be in all. */
    default void onStart(String stage, long firstStep, long totalSteps, int stepsPerEpoch) {}

    /** After each optimizer update. */
    default void onStep(StepEvent step) {}

    /**
     * After each evaluation (every epoch, and every N steps if asked).
     *
     * @param metrics the dev-set metrics, or {@code null} when no evaluation set was given
     */
    default void onEvaluation(long step, int epoch, MetricsReport metrics, boolean best) {}

    /** After a checkpoint was written (atomically). */
    default void onCheckpoint(long step, Path folder) {}

    /** The dev metrics of the model before any training step (epoch 0), when there is a dev set and the run is not resumed. */
    default void onBaseline(MetricsReport metrics) {}

    /** One optimizer update. {@code examplesPerSecond} counts training pairs (texts for SimCSE/MLM). */
    record StepEvent(
            String stage,
            long step,
            long totalSteps,
            int epoch,
            double loss,
            double learningRate,
            double gradNorm,
            double examplesPerSecond) {}
}
