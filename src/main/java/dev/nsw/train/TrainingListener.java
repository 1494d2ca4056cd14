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

    /** After a step and its evaluation, if any: where checkpoints are saved. */
    default void onStepEnd(long step, boolean epochEnd) {}

    /** After the last step, once the run record is finished. */
    default void onTrainingEnd(long steps) {}

    /** The dev metrics of the model before any training step (epoch 0), when there is a dev set and the run is not resumed. */
    default void onBaseline(MetricsReport metrics) {}

    /** Tells {@code first}, then {@code second}, of every event. */
    static TrainingListener both(TrainingListener first, TrainingListener second) {
        return new TrainingListener() {
            @Override
            public void onStart(String stage, long firstStep, long totalSteps, int stepsPerEpoch) {
                first.onStart(stage, firstStep, totalSteps, stepsPerEpoch);
                second.onStart(stage, firstStep, totalSteps, stepsPerEpoch);
            }

            @Override
            public void onStep(StepEvent step) {
                first.onStep(step);
                second.onStep(step);
            }

            @Override
            public void onEvaluation(long step, int epoch, MetricsReport metrics, boolean best) {
                first.onEvaluation(step, epoch, metrics, best);
                second.onEvaluation(step, epoch, metrics, best);
            }

            @Override
            public void onCheckpoint(long step, Path folder) {
                first.onCheckpoint(step, folder);
                second.onCheckpoint(step, folder);
            }

            @Override
            public void onStepEnd(long step, boolean epochEnd) {
                first.onStepEnd(step, epochEnd);
                second.onStepEnd(step, epochEnd);
            }

            @Override
            public void onTrainingEnd(long steps) {
                first.onTrainingEnd(steps);
                second.onTrainingEnd(steps);
            }

            @Override
            public void onBaseline(MetricsReport metrics) {
                first.onBaseline(metrics);
                second.onBaseline(metrics);
            }
        };
    }

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
