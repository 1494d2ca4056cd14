package dev.nsw.rank;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.nsw.data.RankingList;
import dev.nsw.encoder.Encoder;
import dev.nsw.text.PaddedBatch;
import dev.nsw.train.Objective;
import dev.nsw.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link CrossEncoder} with the {@link ListwiseSoftmaxLoss}: a batch is B queries, each with one
 * positive and N negatives ({@link RankingList}, the same N for all). The B·(1+N) (query, text) pairs go
 * through the model as one padded batch [B·(1+N), T] (dropout on), in query-major order (query b's positive,
 * then its negatives); the logits [B·(1+N)] are reshaped to [B, 1+N] and the softmax cross-entropy with
 * column 0 as the target is back-propagated. Gradient memory grows with B·(1+N) sequences, not B.
 *
 * <p>Dropout is seeded from (seed, step) as in {@link CrossEncoderObjective}, so a resumed run repeats an
 * uninterrupted one; the saved model is the same reranker folder.
 */
public final class ListwiseCrossEncoderObjective implements Objective<RankingList> {
    private final CrossEncoder model;
    private final ListwiseSoftmaxLoss loss;
    private final long seed;

    public ListwiseCrossEncoderObjective(CrossEncoder model, TrainingConfig config) {
        this.model = model;
        this.loss = new ListwiseSoftmaxLoss(ListwiseSoftmaxLoss.DEFAULT_TEMPERATURE);
        this.seed = config.seed();
    }

    @Override
    public String stage() {
        return CrossEncoderObjective.STAGE;
    }

    @Override
    public Encoder encoder() {
        return model.encoder();
    }

    @Override
    public Map<String, Parameter> extraParameters() {
        return model.headParameters();
    }

    @Override
    public void saveModel(Path folder) throws IOException {
        model.save(folder);
    }

    @Override
    public double lossAndBackward(NDManager scratch, List<RankingList> batch, long step) {
        int b = batch.size();
        int n = batch.get(0).negatives().size();
        List<String> queries = new ArrayList<>(b * (1 + n));
        List<String> titles = new ArrayList<>(b * (1 + n));
        for (RankingList l : batch) {
            if (l.negatives().size() != n) {
                throw new IllegalArgumentException("every example of a listwise batch needs the same number of"
                        + " negatives: " + n + " and " + l.negatives().size() + " (line " + l.line() + ")");
            }
            queries.add(l.query());
            titles.add(l.positive());
            for (String neg : l.negatives()) {
                queries.add(l.query());
                titles.add(neg);
            }
        }
        PaddedBatch pairs = model.encoder().tokenizer().batchPairs(queries, titles);
        CrossEncoderObjective.seedDropout(seed, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.logits(scratch, pairs, true).reshape(new Shape(b, 1 + n)); // [B, 1+N]
            NDArray value = loss.loss(logits);
            collector.backward(value);
            return value.getFloat();
        }
    }
}
