package dev.nsw.encoder;

import dev.nsw.text.Tokenizer;

/**
 * How an {@link Encoder} is built and run.
 *
 * @param maxSeqLength tokens per text, [CLS] and [SEP] included (the recipe's {@code max_seq_length})
 * @param batchSize texts per forward pass
 * @param outputEmbSize projection size D: {@link #KEEP} keeps what the model has, 0 = no projection, N &gt; 0
 *     = a Linear(H → N) (the model's own, or a new seeded random one when the model has none)
 * @param threads PyTorch intra-op threads (process-wide); 0 = all available processors
 * @param projectionSeed seed of a newly created projection
 */
public record EncoderOptions(int maxSeqLength, int batchSize, int outputEmbSize, int threads, long projectionSeed) {

    /** {@code outputEmbSize} value meaning "whatever the model has". */
    public static final int KEEP = -1;

    public EncoderOptions {
        if (maxSeqLength < 2) {
            throw new IllegalArgumentException("max_seq_length must be at least 2, got " + maxSeqLength);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
        }
        if (outputEmbSize < KEEP) {
            throw new IllegalArgumentException(
                    "output_emb_size must be -1 (keep), 0 (none) or positive, got " + outputEmbSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** max_seq_length 64, batch 32, keep the model's projection, all processors, seed 42. */
    public static EncoderOptions defaults() {
        return new EncoderOptions(Tokenizer.DEFAULT_MAX_SEQ_LENGTH, 32, KEEP, 0, 42);
    }

    public EncoderOptions withMaxSeqLength(int v) {
        return new EncoderOptions(v, batchSize, outputEmbSize, threads, projectionSeed);
    }

    public EncoderOptions withBatchSize(int v) {
        return new EncoderOptions(maxSeqLength, v, outputEmbSize, threads, projectionSeed);
    }

    public EncoderOptions withOutputEmbSize(int v) {
        return new EncoderOptions(maxSeqLength, batchSize, v, threads, projectionSeed);
    }

    public EncoderOptions withThreads(int v) {
        return new EncoderOptions(maxSeqLength, batchSize, outputEmbSize, v, projectionSeed);
    }

    public EncoderOptions withProjectionSeed(long v) {
        return new EncoderOptions(maxSeqLength, batchSize, outputEmbSize, threads, v);
    }

    /** The thread count to use: {@code threads}, or the number of available processors when 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
