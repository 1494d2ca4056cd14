package dev.nsw.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.nsw.encoder.Scalars;

/**
 * The listwise loss of cross-encoder training (softmax cross-entropy over a query's candidates, the
 * "localized contrastive estimation" of Gao et al. 2021 when the negatives come from the first stage being
 * reranked): each row holds the logits of one query's positive
 * (column 0) and its N negatives, and the positive is the target class:
 *
 * <pre>
 *   loss = mean over the B rows of  −log( exp(s_pos/τ) / Σ_j exp(s_j/τ) )
 *        = mean over the rows of  logsumexp_j(s_j/τ) − s_pos/τ
 * </pre>
 *
 * with s the cross-encoder's logits (before the sigmoid) and τ the temperature (1: the logits are already
 * free to take any scale). Its gradient on a row is (softmax_j − [j = pos]) / (B τ): the positive's logit is
 * pushed up by (1 − p_pos), each negative's down by its softmax share, so the hardest negatives get the
 * largest push — unlike the margin loss, which stops once a single negative is beaten by 0.1.
 */
public final class ListwiseSoftmaxLoss {
    /** τ = 1. */
    public static final float DEFAULT_TEMPERATURE = 1f;

    private final float temperature;

    public ListwiseSoftmaxLoss(float temperature) {
        if (!(temperature > 0) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    public float temperature() {
        return temperature;
    }

    /**
     * @param logits [B, 1+N]: column 0 the positive's logit, columns 1..N its negatives'
     * @return the mean loss, a scalar (differentiable)
     */
    public NDArray loss(NDArray logits) {
        if (logits.getShape().dimension() != 2 || logits.getShape().get(1) < 2) {
            throw new IllegalArgumentException("need logits [B, 1+N] with N >= 1, got " + logits.getShape());
        }
        NDArray scaled = temperature == 1f ? logits : logits.div(Scalars.like(logits, temperature));
        return scaled.logSoftmax(1).get(new NDIndex(":, 0")).neg().mean(); // [B, 1+N] → [B] → []
    }

    /** The same loss on plain numbers ({@code logits[b][0]} the positive), for reports and tests. */
    public double value(float[][] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("need at least one row");
        }
        double sum = 0;
        for (float[] row : logits) {
            if (row.length < 2) {
                throw new IllegalArgumentException("a row needs the positive and at least one negative");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (float s : row) {
                max = Math.max(max, s / (double) temperature);
            }
            double exp = 0;
            for (float s : row) {
                exp += Math.exp(s / (double) temperature - max);
            }
            sum += max + Math.log(exp) - row[0] / (double) temperature;
        }
        return sum / logits.length;
    }
}
