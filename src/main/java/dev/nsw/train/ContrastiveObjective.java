package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.nsw.encoder.Encoder;
import dev.nsw.text.PaddedBatch;
import java.util.ArrayList;
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
        // candidates [C]: the B positives first (column i is row i's target), then every hard negative
        List<String> candidates =
                new ArrayList<>(batch.stream().map(TrainingPair::positive).toList());
        batch.forEach(p -> candidates.addAll(p.hardNegatives()));
        float[] keep = config.maskFalseNegatives() ? keepMask(candidates, queries.size()) : null;
        return config.gradientCacheChunk() > 0 && config.gradientCacheChunk() < queries.size()
                ? LossGradients.gradientCache(this, scratch, queries, candidates, keep, loss, step)
                : LossGradients.plain(this, scratch, queries, candidates, keep, loss, step);
    }

    /**
     * keep[i, j] = 0 when candidate column j ≠ i holds the same text as row i's positive (column i) — a
     * false negative: another row's identical title, or a mined negative that is in fact the answer — else
     * 1. Shape [B, C], row-major, for the first {@code rows} candidates being the rows' positives.
     */
    static float[] keepMask(List<String> candidates, int rows) {
        int c = candidates.size();
        float[] keep = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < c; j++) {
                keep[i * c + j] = i != j && candidates.get(i).equals(candidates.get(j)) ? 0f : 1f;
            }
        }
        return keep;
    }

    /** Embeds texts with dropout on, inside the caller's gradient scope: [N, D]. */
    NDArray embedForTraining(NDManager manager, List<String> texts) {
        PaddedBatch batch = encoder.tokenizer().batch(texts);
        return encoder.block()
                .forward(new ParameterStore(manager, false), batch.toNDList(manager), true)
                .singletonOrThrow();
    }

    void seedDropout(long step, int part) {
        Trainer.seedRandomness(config.seed(), step, part);
    }
}
