package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.nsw.encoder.Scalars;

/**
 * The recipe's in-batch negatives loss, also used by SimCSE (margin 0, scale 20).
 *
 * <p>With query embeddings {@code q} [B, D] and candidate embeddings {@code c} [C, D] (C ≥ B: the B
 * positives in the first B rows, then any extra hard negatives), all L2-normalised:
 * <pre>
 *   S      = q · cᵀ                       [B, C]   cosine similarities
 *   S[i,i] = S[i,i] − margin                        the positive must win by the margin
 *   L      = S · scale                              sharpen (a temperature of 1/scale)
 *   loss   = mean_i( logsumexp_j L[i,j] − L[i,i] )  cross-entropy with target j = i
 * </pre>
 * An optional mask [B, C] (1 = keep, 0 = drop) removes false negatives — a candidate equal to row i's
 * positive but in another column — by pushing their logits to −1e4 before the softmax.
 */
public final class ContrastiveLoss {
    private final float margin;
    private final float scale;

    public ContrastiveLoss(float margin, float scale) {
        if (!(margin >= 0) || !Float.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0, got " + margin);
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, got " + scale);
        }
        this.margin = margin;
        this.scale = scale;
    }

    /** The recipe's in-batch negatives defaults: margin 0.2, scale 30. */
    public static ContrastiveLoss inBatch() {
        return new ContrastiveLoss(0.2f, 30f);
    }

    /** The recipe's SimCSE defaults: margin 0, scale 20. */
    public static ContrastiveLoss simcse() {
        return new ContrastiveLoss(0f, 20f);
    }

    public float margin() {
        return margin;
    }

    public float scale() {
        return scale;
    }

    /**
     * @param queries [B, D] L2-normalised
     * @param candidates [C, D] L2-normalised, C ≥ B, row i &lt; B is the positive of query i
     * @param keepMask [B, C] of 0/1, or {@code null} to keep every column
     * @return scalar mean loss
     */
    public NDArray compute(NDArray queries, NDArray candidates, NDArray keepMask) {
        int b = Math.toIntExact(queries.getShape().get(0));
        int c = Math.toIntExact(candidates.getShape().get(0));
        if (c < b) {
            throw new IllegalArgumentException("need at least as many candidates as queries: " + c + " < " + b);
        }
        NDManager manager = queries.getManager();
        NDArray eye = manager.eye(b, c, 0, DataType.FLOAT32);
        NDArray logits = queries.matMul(candidates.transpose())
                .sub(eye.mul(Scalars.like(eye, margin)))
                .mul(Scalars.like(eye, scale));
        if (keepMask != null) {
            // keep: logits; drop: -1e4 (exp underflows to 0 without producing NaN in the gradient)
            logits = logits.mul(keepMask)
                    .add(keepMask.sub(Scalars.like(keepMask, 1f)).mul(Scalars.like(keepMask, 1e4f)));
        }
        NDArray logProbabilities = logits.logSoftmax(1);
        return logProbabilities.mul(eye).sum(new int[] {1}).neg().mean();
    }
}
