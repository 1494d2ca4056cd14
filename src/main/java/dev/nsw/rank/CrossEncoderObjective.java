package dev.nsw.rank;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.nsw.data.RankingTriple;
import dev.nsw.encoder.Encoder;
import dev.nsw.text.PaddedBatch;
import dev.nsw.train.Objective;
import dev.nsw.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link CrossEncoder} on (query, positive, negative) triples with the recipe's
 * {@link MarginRankingLoss}: the B positive pairs and B negative pairs go through the model as one padded
 * batch [2B, T] (dropout on), their sigmoid probabilities are split into p_pos [B] and p_neg [B], and
 * {@code mean(max(0, margin − (p_pos − p_neg)))} is back-propagated into BERT and the head. Run it with
 * the generic {@link dev.nsw.train.Trainer}: the head is checkpointed as its extra parameters, and the
 * saved model is a reranker folder.
 */
public final class CrossEncoderObjective implements Objective<RankingTriple> {
    /** Stage name in events, checkpoints and run records. */
    public static final String STAGE = "rank";

    private final CrossEncoder model;
    private final MarginRankingLoss loss;
    private final long seed;

    public CrossEncoderObjective(CrossEncoder model, TrainingConfig config) {
        this.model = model;
        this.loss = new MarginRankingLoss(config.margin());
        this.seed = config.seed();
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

    @Override
    public String stage() {
        return STAGE;
    }

    @Override
    public Encoder encoder() {
        return model.encoder();
    }

    @Override
    public Map<String, Parameter> extraParameters() {
        return model.headParameters();
    }

    @Override
    public void saveModel(Path folder) throws IOException {
        model.save(folder);
    }

    @Override
    public double lossAndBackward(NDManager scratch, List<RankingTriple> batch, long step) {
        int b = batch.size();
        List<String> queries = new ArrayList<>(2 * b);
        List<String> titles = new ArrayList<>(2 * b);
        for (RankingTriple t : batch) {
            queries.add(t.query());
            titles.add(t.positive());
        }
        for (RankingTriple t : batch) {
            queries.add(t.query());
            titles.add(t.negative());
        }
        PaddedBatch pairs = model.encoder().tokenizer().batchPairs(queries, titles);
        seedDropout(seed, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray p = Activation.sigmoid(model.logits(scratch, pairs, true)); // [2B]
            NDArray value = loss.loss(p.get(new NDIndex("0:{}", b)), p.get(new NDIndex("{}:", b)));
            collector.backward(value);
            return value.getFloat();
        }
    }

    /** Dropout depends only on (seed, step), so that a resumed run repeats an uninterrupted one. */
    static void seedDropout(long seed, long step) {
        long mixed = seed * 0x9E3779B97F4A7C15L + step * 1_000_003L + 7;
        Engine.getInstance().setRandomSeed((int) (mixed ^ (mixed >>> 32)) & 0x7fffffff);
    }
}
