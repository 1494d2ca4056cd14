package dev.nsw.encoder;

import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.Tokenizer;
import java.util.List;

/**
 * Texts → unit-length embeddings, whatever runs the model: {@link Encoder} (DJL/PyTorch, trainable) or
 * {@link OnnxRuntimeEncoder} (ONNX Runtime, inference only). Both give the same vectors for the same model
 * (cosine ≥ 0.9999) and report the same {@link #modelId()}, so an index built by one accepts the other's
 * queries.
 */
public interface TextEncoder extends AutoCloseable {

    /** Human-readable model name. */
    String name();

    /** The id of the weights that map text to vectors ({@link Encoder#modelId()}). */
    String modelId();

    /** Embedding size D. */
    int dimension();

    /** The tokenizer, with this model's truncation length (what the model reads of a text). */
    Tokenizer tokenizer();

    /** Which engine runs the model: {@code torch} or {@code onnx}. */
    String runtime();

    /** What inference runs in; {@link #modelId()} includes it ({@link Precision#qualify}). */
    default Precision precision() {
        return Precision.FP32;
    }

    /**
     * Everything that decides this encoder's vectors: what embeddings written by it are bound to (a resume, a cache,
     * a workspace's saved embeddings). The one place it is made: a setting that changes a vector (a quantised
     * precision, say) goes in here, and every binding follows.
     */
    default EmbeddingIdentity embeddingIdentity() {
        return new EmbeddingIdentity(
                modelId(),
                tokenizer().maxSeqLength(),
                EmbeddingIdentity.CLS_POOLING,
                dimension(),
                EmbeddingIdentity.L2_NORMALIZED,
                precision().label());
    }

    /**
     * Row i is the unit-length embedding [D] of {@code texts.get(i)}; {@code cancel} is checked before each
     * batch and {@code progress} told after it (texts done of {@code texts.size()}, message "embedding").
     *
     * @throws dev.nsw.job.CancelledException when {@code cancel} was cancelled
     */
    float[][] embed(List<String> texts, ProgressListener progress, CancellationToken cancel);

    /** {@link #embed(List, ProgressListener, CancellationToken)} without progress or cancellation. */
    default float[][] embed(List<String> texts) {
        return embed(texts, ProgressListener.NONE, CancellationToken.NEVER);
    }

    @Override
    void close();
}
