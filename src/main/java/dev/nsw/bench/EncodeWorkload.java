package dev.nsw.bench;

import dev.nsw.encoder.BatchedInference;
import dev.nsw.encoder.EncoderFlops;
import java.util.List;

/**
 * The work of embedding a set of texts at one batch size, as the encoders batch them (length-sorted batches,
 * {@link BatchedInference#batchShapes}): tokens, padding, and FLOPs ({@link EncoderFlops}) — executed, i.e.
 * over padded batches [B, T], and useful, i.e. over each text's own length.
 *
 * @param texts number of texts
 * @param batches number of batches
 * @param realTokens Σ token count of each text ([CLS] and [SEP] included, after truncation)
 * @param paddedTokens Σ B·T over batches
 * @param linearFlops executed FLOPs of the Linear layers (integer kernels in int8)
 * @param attentionFlops executed FLOPs of Q·Kᵀ and A·V (always fp32)
 * @param headFlops FLOPs of the projection (fp32)
 * @param usefulFlops FLOPs the texts would need without padding
 */
public record EncodeWorkload(
        int texts,
        int batches,
        long realTokens,
        long paddedTokens,
        double linearFlops,
        double attentionFlops,
        double headFlops,
        double usefulFlops) {

    /** The workload of texts of these token lengths at {@code batchSize}, batched as the encoders batch them. */
    public static EncodeWorkload of(int[] lengths, int batchSize, EncoderFlops flops) {
        return of(lengths, BatchedInference.batchShapes(lengths, batchSize), flops);
    }

    /** The workload of texts of these token lengths run as batches of these shapes [B, T] (B summing to the texts). */
    public static EncodeWorkload of(int[] lengths, List<int[]> batchShapes, EncoderFlops flops) {
        long real = 0;
        double useful = 0;
        for (int l : lengths) {
            real += l;
            useful += flops.forward(l);
        }
        long padded = 0;
        double linear = 0;
        double attention = 0;
        for (int[] shape : batchShapes) {
            int b = shape[0];
            int t = shape[1];
            padded += (long) b * t;
            linear += b * flops.linear(t);
            attention += b * flops.attention(t);
        }
        return new EncodeWorkload(
                lengths.length,
                batchShapes.size(),
                real,
                padded,
                linear,
                attention,
                lengths.length * flops.head(),
                useful);
    }

    /** FLOPs actually computed, padding included. */
    public double executedFlops() {
        return linearFlops + attentionFlops + headFlops;
    }

    /** Share of the computed tokens that are padding. */
    public double paddingShare() {
        return paddedTokens == 0 ? 0 : 1 - (double) realTokens / paddedTokens;
    }

    /** Share of the computed FLOPs spent on padding. */
    public double wastedFlopShare() {
        double executed = executedFlops();
        return executed == 0 ? 0 : 1 - usefulFlops / executed;
    }

    /**
     * The least time the work can take: the Linear FLOPs at {@code linearPeak} (the int8 peak for int8
     * inference, else the fp32 one) and the rest at {@code fp32Peak}, in operations per second.
     */
    public double floorSeconds(double linearPeak, double fp32Peak) {
        return linearFlops / linearPeak + (attentionFlops + headFlops) / fp32Peak;
    }
}
