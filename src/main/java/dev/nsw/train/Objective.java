package dev.nsw.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.nsw.encoder.Encoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one training step computes for a batch of examples: the loss, with the gradients of the
 * encoder's parameters (and of {@link #extraParameters()}) filled by back-propagation. The
 * {@link Trainer} does everything else (order, schedule, clipping, update, checkpoints).
 *
 * @param <T> the example type (a {@link TrainingPair}, or a text for MLM)
 */
public interface Objective<T> {
    /** Stage name for events and records ({@code inbatch}, {@code simcse}, {@code mlm}). */
    String stage();

    /** The encoder being trained. */
    Encoder encoder();

    /** Parameters trained besides the encoder's (an MLM head); saved with checkpoints. Empty by default. */
    default Map<String, Parameter> extraParameters() {
        return Map.of();
    }

    /**
     * Saves the trained model to {@code folder} (replacing it atomically): the encoder by default; an
     * objective whose product includes its own parameters (a reranker's head) saves those too.
     */
    default void saveModel(Path folder) throws IOException {
        encoder().save(folder);
    }

    /**
     * Computes the batch loss with dropout on and back-propagates it into the parameters' gradients.
     *
     * @param scratch manager for this step's temporaries (closed after the step)
     * @param step 0-based step number, for seeding dropout and masking reproducibly
     * @return the loss value
     */
    double lossAndBackward(NDManager scratch, List<T> batch, long step);
}
