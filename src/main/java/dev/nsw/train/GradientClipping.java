package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.nsw.encoder.Scalars;
import java.util.Collection;

/** Clips gradients by their global L2 norm, as {@code torch.nn.utils.clip_grad_norm_} does. */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Scales all gradients in place by {@code maxNorm / (norm + 1e-6)} when their joint norm
     * {@code sqrt(Σ_g Σ g²)} exceeds {@code maxNorm}.
     *
     * @return the norm before clipping
     */
    public static double clipByGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
        double sumSquares = 0;
        for (NDArray g : gradients) {
            try (NDArray sq = g.square().sum()) {
                sumSquares += sq.toType(DataType.FLOAT64, false).getDouble();
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (maxNorm > 0 && norm > maxNorm) {
            float factor = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : gradients) {
                g.muli(Scalars.like(g, factor));
            }
        }
        return norm;
    }
}
