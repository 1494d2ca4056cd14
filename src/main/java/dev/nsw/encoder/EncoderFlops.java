package dev.nsw.encoder;

/**
 * Floating-point operations of one forward pass of the sentence encoder ({@link EncoderBlock}, the graph of
 * {@link OnnxExport}), counting a multiply-add as 2 FLOPs; the arithmetic against which a measured speed is
 * read as a fraction of what the machine can do.
 *
 * <p>For one text padded to T tokens, with L layers, width H, feed-forward width I, and a projection to D:
 * <pre>
 *   linear    = L · (4 · 2·T·H·H  +  2 · 2·T·H·I)   Q, K, V and attention-output projections; the two FFN matrices
 *   attention = L · (2·T·T·H  +  2·T·T·H)           scores Q·Kᵀ and context A·V, over all heads (heads · head size = H)
 *   head      = 2·H·D                                the projection of the CLS vector (0 without one)
 *   forward   = linear + attention + head  =  L · (8·T·H² + 4·T·H·I + 4·T²·H) + 2·H·D
 * </pre>
 * Element-wise work (embedding lookups, biases, LayerNorm, softmax, GELU, the L2 norm) is O(T·H) per layer and
 * left out: under 1 % of the total for bge-small at 64 tokens and above. Attention is quadratic in T, so the
 * share it takes grows with length (bge-small-en: 5 % of the FLOPs at 128 tokens, 18 % at 512).
 *
 * <p>int8 inference ({@link Precision#INT8}) runs {@link #linear} on integer kernels and {@link #attention} in
 * fp32, so the two are kept apart.
 */
public record EncoderFlops(int layers, int hidden, int intermediate, int projection) {

    /** The counts for a model's configuration (its projection included). */
    public static EncoderFlops of(BertConfig config) {
        return new EncoderFlops(
                config.numHiddenLayers(),
                config.hiddenSize(),
                config.intermediateSize(),
                Math.max(0, config.outputEmbSize()));
    }

    /** Q, K, V, attention-output and feed-forward matrix products of one text of {@code tokens} tokens. */
    public double linear(int tokens) {
        double t = tokens;
        double h = hidden;
        return layers * (8 * t * h * h + 4 * t * h * intermediate);
    }

    /** Q·Kᵀ and A·V of one text of {@code tokens} tokens. */
    public double attention(int tokens) {
        double t = tokens;
        return layers * 4 * t * t * hidden;
    }

    /** The projection of the pooled vector (once per text, whatever its length). */
    public double head() {
        return 2.0 * hidden * projection;
    }

    /** One text's forward pass at {@code tokens} tokens: {@link #linear} + {@link #attention} + {@link #head}. */
    public double forward(int tokens) {
        return linear(tokens) + attention(tokens) + head();
    }
}
