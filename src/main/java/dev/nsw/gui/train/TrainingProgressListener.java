package dev.nsw.gui.train;

/**
 * What the Train panel's live chart listens to. A trainer (not in this build) will call it from its
 * worker thread after each optimisation step.
 */
@FunctionalInterface
public interface TrainingProgressListener {
    void step(long step, double loss, double learningRate);
}
