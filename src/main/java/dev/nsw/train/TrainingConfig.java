package dev.nsw.train;

/**
 * Hyper-parameters of one contrastive training stage, named as in the recipe's scripts.
 *
 * @param margin subtracted from the positive's cosine ({@code --margin}; 0.2 in-batch, 0 SimCSE)
 * @param scale multiplies the cosines before the softmax ({@code --scale}; 30 in-batch, 20 SimCSE)
 * @param batchSize pairs per update ({@code --batch_size}, 64)
 * @param epochs passes over the data ({@code --epochs}, 3)
 * @param learningRate peak learning rate ({@code --learning_rate}, 5e-5)
 * @param warmupProportion share of steps spent warming up ({@code --warmup_proportion}, 0)
 * @param weightDecay AdamW decoupled decay ({@code --weight_decay}, 0)
 * @param maxGradNorm global gradient-norm clip (5.0); 0 turns clipping off
 * @param seed shuffling and dropout seed; the same seed gives the same run
 * @param gradientCacheChunk 0 for a plain step; otherwise embed the batch in chunks of this many texts
 *     without a graph, take the loss over the whole batch, and back-propagate chunk by chunk (memory
 *     grows with the chunk, not the batch)
 * @param saveSteps write a checkpoint every this many steps (0: only at epoch ends)
 * @param evalSteps evaluate every this many steps as well as at epoch ends (0: epoch ends only)
 * @param maskFalseNegatives drop in-batch columns whose text equals the row's positive
 * @param maxSteps stop after this many steps in all (0: no limit); for quick runs and tests
 */
public record TrainingConfig(float margin, float scale, int batchSize, int epochs, double learningRate,
        double warmupProportion, float weightDecay, double maxGradNorm, long seed, int gradientCacheChunk,
        int saveSteps, int evalSteps, boolean maskFalseNegatives, long maxSteps) {

    public TrainingConfig {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2 (in-batch negatives need company), got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (gradientCacheChunk < 0) {
            throw new IllegalArgumentException("gradient cache chunk must be >= 0, got " + gradientCacheChunk);
        }
        if (saveSteps < 0 || evalSteps < 0 || maxSteps < 0) {
            throw new IllegalArgumentException("save/eval/max steps must be >= 0");
        }
        new ContrastiveLoss(margin, scale); // validates margin and scale
    }

    /** The recipe's in-batch negatives defaults. */
    public static TrainingConfig inBatchDefaults() {
        return new TrainingConfig(0.2f, 30f, 64, 3, 5e-5, 0.0, 0f, 5.0, 1000, 0, 0, 0, true, 0);
    }

    /** The recipe's SimCSE defaults (margin 0, scale 20, dropout as the only noise). */
    public static TrainingConfig simcseDefaults() {
        return new TrainingConfig(0f, 20f, 64, 1, 5e-5, 0.0, 0f, 5.0, 1000, 0, 0, 0, true, 0);
    }

    public ContrastiveLoss loss() {
        return new ContrastiveLoss(margin, scale);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(margin, scale, v, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(margin, scale, batchSize, v, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, v, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withGradientCacheChunk(int v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                v, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withSaveSteps(int v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, v, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withEvalSteps(int v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, v, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withMaxSteps(long v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, v);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, v,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withMarginScale(float m, float s) {
        return new TrainingConfig(m, s, batchSize, epochs, learningRate, warmupProportion, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withWarmupProportion(double v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, v, weightDecay, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withWeightDecay(float v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, v, maxGradNorm, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }

    public TrainingConfig withMaxGradNorm(double v) {
        return new TrainingConfig(margin, scale, batchSize, epochs, learningRate, warmupProportion, weightDecay, v, seed,
                gradientCacheChunk, saveSteps, evalSteps, maskFalseNegatives, maxSteps);
    }
}
