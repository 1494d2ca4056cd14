package dev.nsw.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import dev.nsw.data.RankingTriple;
import dev.nsw.train.TrainingConfig;
import java.util.List;

/**
 * Trains a {@link CrossEncoder} on (query, positive, negative) triples with the recipe's
 * {@link MarginRankingLoss}: the B positive pairs and B negative pairs go through the model as one padded
 * batch [2B, T] (dropout on), their sigmoid probabilities are split into p_pos [B] and p_neg [B], and
 * {@code mean(max(0, margin − (p_pos − p_neg)))} is back-propagated into BERT and the head. Run it with
 * the generic {@link dev.nsw.train.Trainer}: the head is checkpointed as its extra parameters, and the
 * saved model is a reranker folder.
 */
public final class CrossEncoderObjective extends CrossEncoderTraining<RankingTriple> {
    /** Stage name in events, checkpoints and run records. */
    public static final String STAGE = "rank";

    private final MarginRankingLoss loss;

    public CrossEncoderObjective(CrossEncoder model, TrainingConfig config) {
        super(model, config.seed());
        this.loss = new MarginRankingLoss(config.margin());
    }

    /**
     * The recipe's pairwise settings (ernie_matching {@code train_pairwise.py}): margin 0.1, batch 32,
     * learning rate 2e-5, 3 epochs, no warm-up or weight decay; gradients clipped at norm 5 as elsewhere.
     * ({@code scale} is unused by this loss.)
     */
    public static TrainingConfig recipeDefaults() {
        return TrainingConfig.builder()
                .margin(MarginRankingLoss.RECIPE_MARGIN)
                .scale(1f)
                .batchSize(32)
                .learningRate(2e-5)
                .maskFalseNegatives(false)
                .build();
    }

    /** The B positive pairs first, then the B negative pairs: [2B]. */
    @Override
    void addPairs(List<RankingTriple> batch, List<String> queries, List<String> titles) {
        for (RankingTriple t : batch) {
            queries.add(t.query());
            titles.add(t.positive());
        }
        for (RankingTriple t : batch) {
            queries.add(t.query());
            titles.add(t.negative());
        }
    }

    @Override
    NDArray loss(NDArray logits, int b) {
        NDArray p = Activation.sigmoid(logits); // [2B]
        return loss.loss(p.get(new NDIndex("0:{}", b)), p.get(new NDIndex("{}:", b)));
    }
}
