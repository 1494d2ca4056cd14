package dev.nsw.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.nsw.data.RankingList;
import dev.nsw.train.TrainingConfig;
import java.util.List;

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
public final class ListwiseCrossEncoderObjective extends CrossEncoderTraining<RankingList> {
    private final ListwiseSoftmaxLoss loss;

    public ListwiseCrossEncoderObjective(CrossEncoder model, TrainingConfig config) {
        super(model, config.seed());
        this.loss = new ListwiseSoftmaxLoss(ListwiseSoftmaxLoss.DEFAULT_TEMPERATURE);
    }

    /** Query-major: query b's positive, then its N negatives: [B·(1+N)]. */
    @Override
    void addPairs(List<RankingList> batch, List<String> queries, List<String> titles) {
        int n = batch.get(0).negatives().size();
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
    }

    @Override
    NDArray loss(NDArray logits, int b) {
        return loss.loss(logits.reshape(new Shape(b, logits.size() / b))); // [B, 1+N]
    }
}
