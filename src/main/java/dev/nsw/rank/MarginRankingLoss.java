package dev.nsw.rank;

import ai.djl.ndarray.NDArray;
import dev.nsw.encoder.Scalars;

/**
 * The recipe's pairwise loss for the cross-encoder (Paddle's {@code margin_ranking_loss} with label 1 on
 * sigmoid probabilities): for each triple, {@code max(0, margin − (p_pos − p_neg))}, averaged over the
 * batch. A triple stops contributing once its positive's probability beats its negative's by the margin.
 */
public final class MarginRankingLoss {
    /** The recipe's margin. */
    public static final float RECIPE_MARGIN = 0.1f;

    private final float margin;

    public MarginRankingLoss(float margin) {
        if (!(margin >= 0) || !Float.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0, got " + margin);
        }
        this.margin = margin;
    }

    public float margin() {
        return margin;
    }

    /**
     * @param positive probabilities of the positives [B]
     * @param negative probabilities of the negatives [B]
     * @return the mean loss, a scalar (differentiable)
     */
    public NDArray loss(NDArray positive, NDArray negative) {
        NDArray shortfall = positive.sub(negative).neg(); // [B]
        return shortfall
                .add(Scalars.like(shortfall, margin))
                .maximum(Scalars.like(shortfall, 0f))
                .mean();
    }

    /** The same loss on plain numbers, for reports and tests. */
    public double value(float[] positive, float[] negative) {
        if (positive.length != negative.length || positive.length == 0) {
            throw new IllegalArgumentException("need as many positives as negatives (and at least one): "
                    + positive.length + " vs " + negative.length);
        }
        double sum = 0;
        for (int i = 0; i < positive.length; i++) {
            sum += Math.max(0, margin - ((double) positive[i] - negative[i]));
        }
        return sum / positive.length;
    }
}
