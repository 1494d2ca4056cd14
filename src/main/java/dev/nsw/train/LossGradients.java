package dev.nsw.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.nsw.encoder.NoGrad;
import java.util.Arrays;
import java.util.List;

/**
 * The two ways a contrastive step fills the parameters' gradients: the plain one (the whole batch in one
 * graph) and the gradient cache (Gao et al., 2021), which gives the same loss and gradients with memory
 * that grows with a chunk instead of the batch:
 * <ol>
 *   <li>embed queries and positives chunk by chunk without a graph → Q [B, D], P [C, D];</li>
 *   <li>take the loss over the whole batch on leaf copies of Q and P and back-propagate to them only →
 *       ∂L/∂Q [B, D], ∂L/∂P [C, D];</li>
 *   <li>re-embed each chunk with a graph and back-propagate Σ(E_chunk ⊙ ∂L/∂E_chunk), which by the chain
 *       rule adds exactly that chunk's share of ∂L/∂θ to the parameters' gradients.</li>
 * </ol>
 * Dropout is reseeded identically in steps 1 and 3, so the two passes see the same masks.
 */
final class LossGradients {
    private LossGradients() {}

    static double plain(
            ContrastiveObjective trainer,
            NDManager scratch,
            List<String> queries,
            List<String> positives,
            float[] keep,
            ContrastiveLoss loss,
            long step) {
        trainer.seedDropout(step, 0);
        try (GradientCollector collector = Trainer.newCollector()) {
            NDArray q = trainer.embedForTraining(scratch, queries); // [B, D]
            NDArray p = trainer.embedForTraining(scratch, positives); // [B, D]
            NDArray mask =
                    keep == null ? null : scratch.create(keep, new Shape(queries.size(), positives.size())); // [B, C]
            NDArray l = loss.compute(q, p, mask);
            collector.backward(l);
            return l.getFloat();
        }
    }

    static double gradientCache(
            ContrastiveObjective trainer,
            NDManager scratch,
            List<String> queries,
            List<String> positives,
            float[] keep,
            ContrastiveLoss loss,
            long step) {
        int chunk = trainer.config().gradientCacheChunk();
        // 1. embeddings without a graph
        float[][] q = embedChunks(trainer, scratch, queries, chunk, step, 1);
        float[][] p = embedChunks(trainer, scratch, positives, chunk, step, 2);
        int d = q[0].length;
        // 2. loss over the full batch, gradients with respect to the embeddings only
        NDArray qLeaf = scratch.create(flatten(q), new Shape(q.length, d));
        NDArray pLeaf = scratch.create(flatten(p), new Shape(p.length, d));
        qLeaf.setRequiresGradient(true);
        pLeaf.setRequiresGradient(true);
        double lossValue;
        try (GradientCollector collector = Trainer.newCollector()) {
            NDArray mask = keep == null ? null : scratch.create(keep, new Shape(q.length, p.length));
            NDArray l = loss.compute(qLeaf, pLeaf, mask);
            collector.backward(l);
            lossValue = l.getFloat();
        }
        NDArray qGrad = qLeaf.getGradient();
        NDArray pGrad = pLeaf.getGradient();
        qGrad.attach(scratch);
        pGrad.attach(scratch);
        // 3. re-embed each chunk with a graph; back-propagate the cached embedding gradients
        backwardChunks(trainer, scratch, queries, qGrad, chunk, step, 1);
        backwardChunks(trainer, scratch, positives, pGrad, chunk, step, 2);
        return lossValue;
    }

    private static float[][] embedChunks(
            ContrastiveObjective trainer, NDManager scratch, List<String> texts, int chunk, long step, int side) {
        float[][] out = new float[texts.size()][];
        try (NoGrad noGrad = NoGrad.enter()) {
            for (int from = 0, k = 0; from < texts.size(); from += chunk, k++) {
                int to = Math.min(texts.size(), from + chunk);
                try (NDManager sub = scratch.newSubManager()) {
                    trainer.seedDropout(step, side + 2 * (k + 1));
                    NDArray e = trainer.embedForTraining(sub, texts.subList(from, to));
                    int d = Math.toIntExact(e.getShape().get(1));
                    float[] flat = e.toFloatArray();
                    for (int i = from; i < to; i++) {
                        out[i] = Arrays.copyOfRange(flat, (i - from) * d, (i - from + 1) * d);
                    }
                }
            }
        }
        return out;
    }

    private static void backwardChunks(
            ContrastiveObjective trainer,
            NDManager scratch,
            List<String> texts,
            NDArray grads,
            int chunk,
            long step,
            int side) {
        for (int from = 0, k = 0; from < texts.size(); from += chunk, k++) {
            int to = Math.min(texts.size(), from + chunk);
            try (NDManager sub = scratch.newSubManager()) {
                trainer.seedDropout(step, side + 2 * (k + 1));
                try (GradientCollector collector = Trainer.newCollector()) {
                    NDArray e = trainer.embedForTraining(sub, texts.subList(from, to)); // [chunk, D]
                    NDArray g = grads.get(from + ":" + to).duplicate();
                    g.attach(sub);
                    collector.backward(e.mul(g).sum());
                }
            }
        }
    }

    private static float[] flatten(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }
}
