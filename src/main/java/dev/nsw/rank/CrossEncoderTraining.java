package dev.nsw.rank;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.nsw.encoder.Encoder;
import dev.nsw.text.PaddedBatch;
import dev.nsw.train.Objective;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every cross-encoder objective shares: the stage name, the head as extra parameters, the reranker
 * folder as the saved model, and one training step — lay the batch out as (query, text) pairs, tokenize them
 * as one padded batch [P, T], seed dropout from (seed, step), compute the logits [P] with dropout on, turn
 * them into a loss and back-propagate it. Subclasses say only how a batch becomes pairs and how the logits
 * become a loss.
 */
abstract class CrossEncoderTraining<E> implements Objective<E> {
    final CrossEncoder model;
    private final long seed;

    CrossEncoderTraining(CrossEncoder model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    /** Appends the batch's (query, text) pairs, in the order {@link #loss} expects its logits. */
    abstract void addPairs(List<E> batch, List<String> queries, List<String> titles);

    /** The scalar loss of the batch's logits [P], P the number of pairs {@link #addPairs} laid out. */
    abstract NDArray loss(NDArray logits, int batchSize);

    @Override
    public final String stage() {
        return CrossEncoderObjective.STAGE;
    }

    @Override
    public final Encoder encoder() {
        return model.encoder();
    }

    @Override
    public final Map<String, Parameter> extraParameters() {
        return model.headParameters();
    }

    @Override
    public final void saveModel(Path folder) throws IOException {
        model.save(folder);
    }

    @Override
    public final double lossAndBackward(NDManager scratch, List<E> batch, long step) {
        List<String> queries = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        addPairs(batch, queries, titles);
        PaddedBatch pairs = model.encoder().tokenizer().batchPairs(queries, titles);
        seedDropout(seed, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss(model.logits(scratch, pairs, true), batch.size());
            collector.backward(value);
            return value.getFloat();
        }
    }

    /** Dropout depends only on (seed, step), so that a resumed run repeats an uninterrupted one. */
    static void seedDropout(long seed, long step) {
        long mixed = seed * 0x9E3779B97F4A7C15L + step * 1_000_003L + 7;
        Engine.getInstance().setRandomSeed((int) (mixed ^ (mixed >>> 32)) & 0x7fffffff);
    }
}
