package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nsw.encoder.Encoder;
import dev.nsw.text.PaddedBatch;
import java.util.List;

/**
 * The recipe's dual-tower objective: query and positive encoded by the same tower, then
 * {@link ContrastiveLoss} over the batch — in-batch negatives (margin 0.2, scale 30) on (query, similar
 * text) pairs, or SimCSE (margin 0, scale 20) where each text is its own positive and the two dropout
 * passes are the only difference. With {@code gradientCacheChunk > 0} the batch is processed by
 * {@link LossGradients#gradientCache}.
 */
public final class ContrastiveObjective implements Objective<TrainingPair> {
    private final String stage;
    private final Encoder encoder;
    private final TrainingConfig config;
    private final ContrastiveLoss loss;

    public ContrastiveObjective(String stage, Encoder encoder, TrainingConfig config) {
        this.stage = stage;
        this.encoder = encoder;
        this.config = config;
        this.loss = config.loss();
    }

    @Override
    public String stage() {
        return stage;
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    TrainingConfig config() {
        return config;
    }

    @Override
    public double lossAndBackward(NDManager scratch, List<TrainingPair> batch, long step) {
        List<String> queries = batch.stream().map(TrainingPair::query).toList();
        List<String> positives = batch.stream().map(TrainingPair::positive).toList();
        float[] keep = config.maskFalseNegatives() ? keepMask(positives) : null;
        return config.gradientCacheChunk() > 0 && config.gradientCacheChunk() < queries.size()
                ? LossGradients.gradientCache(this, scratch, queries, positives, keep, loss, step)
                : LossGradients.plain(this, scratch, queries, positives, keep, loss, step);
    }

    /**
     * keep[i, j] = 0 when column j ≠ i holds the same positive text as row i (a false negative), else 1.
     * Shape [B, B], row-major.
     */
    static float[] keepMask(List<String> positives) {
        int b = positives.size();
        float[] keep = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                keep[i * b + j] = i != j && positives.get(i).equals(positives.get(j)) ? 0f : 1f;
            }
        }
        return keep;
    }

    /** Embeds texts with dropout on, inside the caller's gradient scope: [N, D]. */
    NDArray embedForTraining(NDManager manager, List<String> texts) {
        PaddedBatch batch = encoder.tokenizer().batch(texts);
        Shape shape = new Shape(batch.size(), batch.seqLength());
        NDArray ids = manager.create(PaddedBatch.flatten(batch.ids()), shape);
        NDArray mask = manager.create(PaddedBatch.flatten(batch.mask()), shape);
        NDArray types = manager.create(PaddedBatch.flatten(batch.typeIds()), shape);
        return encoder.block().forward(new ai.djl.training.ParameterStore(manager, false), new NDList(ids, mask, types), true)
                .singletonOrThrow();
    }

    void seedDropout(long step, int part) {
        Trainer.seedRandomness(config.seed(), step, part);
    }
}
