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
 * @param precision what inference runs in: fp32, or int8 on ONNX Runtime ({@link InferenceRuntime}); the
 *     DJL/PyTorch encoder and training are fp32 only
 */
public record EncoderOptions(
        int maxSeqLength, int batchSize, int outputEmbSize, int threads, long projectionSeed, Precision precision) {

    /** {@code outputEmbSize} value meaning "whatever the model has". */
    public static final int KEEP = -1;

    /**
     * Texts per forward pass unless told otherwise: the best of 1, 8 and 32 (and 4, 16, 64 at 128 tokens) that
     * {@code nsw bench encode} measured on SciFact and CSL abstracts and LCQMC questions, fp32 and int8, 1 and 2
     * threads (README, "Embedding speed"). 8 was best or within noise of the best up to 128 tokens and within
     * ~15 % of one text per batch beyond; the earlier 32 lost 10–40 % from 256 tokens on (its activations,
     * B·T·I floats, leave the 2 MB L2 far behind).
     */
    public static final int DEFAULT_BATCH_SIZE = 8;

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
        if (precision == null) {
            throw new IllegalArgumentException("precision must be given (fp32 or int8)");
        }
    }

    /** The options without a precision: fp32. */
    public EncoderOptions(int maxSeqLength, int batchSize, int outputEmbSize, int threads, long projectionSeed) {
        this(maxSeqLength, batchSize, outputEmbSize, threads, projectionSeed, Precision.FP32);
    }

    /** max_seq_length 64, batch {@value #DEFAULT_BATCH_SIZE}, keep the model's projection, all processors, seed 42, fp32. */
    public static EncoderOptions defaults() {
        return new EncoderOptions(Tokenizer.DEFAULT_MAX_SEQ_LENGTH, DEFAULT_BATCH_SIZE, KEEP, 0, 42, Precision.FP32);
    }

    public EncoderOptions withMaxSeqLength(int v) {
        return new EncoderOptions(v, batchSize, outputEmbSize, threads, projectionSeed, precision);
    }

    public EncoderOptions withBatchSize(int v) {
        return new EncoderOptions(maxSeqLength, v, outputEmbSize, threads, projectionSeed, precision);
    }

    public EncoderOptions withOutputEmbSize(int v) {
        return new EncoderOptions(maxSeqLength, batchSize, v, threads, projectionSeed, precision);
    }

    public EncoderOptions withThreads(int v) {
        return new EncoderOptions(maxSeqLength, batchSize, outputEmbSize, v, projectionSeed, precision);
    }

    public EncoderOptions withProjectionSeed(long v) {
        return new EncoderOptions(maxSeqLength, batchSize, outputEmbSize, threads, v, precision);
    }

    public EncoderOptions withPrecision(Precision v) {
        return new EncoderOptions(maxSeqLength, batchSize, outputEmbSize, threads, projectionSeed, v);
    }

    /** The thread count to use: {@code threads}, or the number of available processors when 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
