package dev.nsw.train;

/**
 * The recipe's learning-rate schedule ({@code LinearDecayWithWarmup}): a linear ramp from 0 to the peak
 * over the warm-up steps, then a linear decay to 0 at the last step.
 * <pre>
 *   lr(s) = peak · s / warmup                            for s &lt; warmup
 *   lr(s) = peak · max(0, (total − s) / (total − warmup)) otherwise
 * </pre>
 * Steps count from 0 (the first update uses lr(0), which is 0 when there is a warm-up, as in Paddle).
 */
public record LinearWarmupDecay(double peak, long warmupSteps, long totalSteps) {
    public LinearWarmupDecay {
        if (!(peak > 0) || !Double.isFinite(peak)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + peak);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total steps must be >= 1, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warm-up steps must be in [0, " + totalSteps + "], got " + warmupSteps);
        }
    }

    /** Warm-up given as a proportion of all steps (the recipe's {@code --warmup_proportion}). */
    public static LinearWarmupDecay withProportion(double peak, double warmupProportion, long totalSteps) {
        if (!(warmupProportion >= 0 && warmupProportion <= 1)) {
            throw new IllegalArgumentException("warm-up proportion must be in [0, 1], got " + warmupProportion);
        }
        return new LinearWarmupDecay(peak, (long) (warmupProportion * totalSteps), totalSteps);
    }

    public double at(long step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        return peak * Math.max(0.0, (double) (totalSteps - step) / decaySteps);
    }
}
