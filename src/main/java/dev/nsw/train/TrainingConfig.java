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
public record TrainingConfig(
        float margin,
        float scale,
        int batchSize,
        int epochs,
        double learningRate,
        double warmupProportion,
        float weightDecay,
        double maxGradNorm,
        long seed,
        int gradientCacheChunk,
        int saveSteps,
        int evalSteps,
        boolean maskFalseNegatives,
        long maxSteps) {

    public TrainingConfig {
        if (batchSize < 2) {
            throw new IllegalArgumentException(
                    "batch size must be >= 2 (in-batch negatives need company), got " + batchSize);
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
        return builder().margin(0.2f).scale(30f).build();
    }

    /** The recipe's SimCSE defaults (margin 0, scale 20, dropout as the only noise). */
    public static TrainingConfig simcseDefaults() {
        return builder().margin(0f).scale(20f).epochs(1).build();
    }

    public ContrastiveLoss loss() {
        return new ContrastiveLoss(margin, scale);
    }

    /**
     * A builder starting from the recipe's common settings: batch 64, 3 epochs, lr 5e-5, no warm-up or weight
     * decay, gradient clip 5, seed 1000, false negatives masked, margin 0.2 / scale 30 (in-batch).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.margin = margin;
        b.scale = scale;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.learningRate = learningRate;
        b.warmupProportion = warmupProportion;
        b.weightDecay = weightDecay;
        b.maxGradNorm = maxGradNorm;
        b.seed = seed;
        b.gradientCacheChunk = gradientCacheChunk;
        b.saveSteps = saveSteps;
        b.evalSteps = evalSteps;
        b.maskFalseNegatives = maskFalseNegatives;
        b.maxSteps = maxSteps;
        return b;
    }

    /** Named settings for {@link TrainingConfig}; {@link #build()} validates them. */
    public static final class Builder {
        private float margin = 0.2f;
        private float scale = 30f;
        private int batchSize = 64;
        private int epochs = 3;
        private double learningRate = 5e-5;
        private double warmupProportion = 0.0;
        private float weightDecay = 0f;
        private double maxGradNorm = 5.0;
        private long seed = 1000;
        private int gradientCacheChunk = 0;
        private int saveSteps = 0;
        private int evalSteps = 0;
        private boolean maskFalseNegatives = true;
        private long maxSteps = 0;

        private Builder() {}

        public Builder margin(float v) {
            margin = v;
            return this;
        }

        public Builder scale(float v) {
            scale = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder warmupProportion(double v) {
            warmupProportion = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder gradientCacheChunk(int v) {
            gradientCacheChunk = v;
            return this;
        }

        public Builder saveSteps(int v) {
            saveSteps = v;
            return this;
        }

        public Builder evalSteps(int v) {
            evalSteps = v;
            return this;
        }

        public Builder maskFalseNegatives(boolean v) {
            maskFalseNegatives = v;
            return this;
        }

        public Builder maxSteps(long v) {
            maxSteps = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(
                    margin,
                    scale,
                    batchSize,
                    epochs,
                    learningRate,
                    warmupProportion,
                    weightDecay,
                    maxGradNorm,
                    seed,
                    gradientCacheChunk,
                    saveSteps,
                    evalSteps,
                    maskFalseNegatives,
                    maxSteps);
        }
    }

    // One-setting changes, as the call sites read them.

    public TrainingConfig withBatchSize(int v) {
        return toBuilder().batchSize(v).build();
    }

    public TrainingConfig withEpochs(int v) {
        return toBuilder().epochs(v).build();
    }

    public TrainingConfig withLearningRate(double v) {
        return toBuilder().learningRate(v).build();
    }

    public TrainingConfig withGradientCacheChunk(int v) {
        return toBuilder().gradientCacheChunk(v).build();
    }

    public TrainingConfig withSaveSteps(int v) {
        return toBuilder().saveSteps(v).build();
    }

    public TrainingConfig withEvalSteps(int v) {
        return toBuilder().evalSteps(v).build();
    }

    public TrainingConfig withMaxSteps(long v) {
        return toBuilder().maxSteps(v).build();
    }

    public TrainingConfig withSeed(long v) {
        return toBuilder().seed(v).build();
    }

    public TrainingConfig withMarginScale(float m, float s) {
        return toBuilder().margin(m).scale(s).build();
    }

    public TrainingConfig withWarmupProportion(double v) {
        return toBuilder().warmupProportion(v).build();
    }

    public TrainingConfig withWeightDecay(float v) {
        return toBuilder().weightDecay(v).build();
    }

    public TrainingConfig withMaxGradNorm(double v) {
        return toBuilder().maxGradNorm(v).build();
    }
}
