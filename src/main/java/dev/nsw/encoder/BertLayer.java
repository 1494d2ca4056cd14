package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * One post-LayerNorm BERT transformer layer: multi-head self-attention with an additive mask, then a
 * GELU feed-forward network, each followed by dropout, a residual connection and LayerNorm.
 *
 * <pre>
 *   q, k, v  = Linear(x)                         [B, T, H] → [B, heads, T, H/heads]
 *   scores   = q kᵀ / √(H/heads) + mask          [B, heads, T, T]   (mask [B, 1, 1, T]: 0 or very negative)
 *   context  = dropout(softmax(scores)) v        [B, heads, T, H/heads] → [B, T, H]
 *   a        = LayerNorm(x + dropout(Linear(context)))
 *   out      = LayerNorm(a + dropout(Linear(gelu(Linear(a)))))   gelu = x·Φ(x) with erf
 * </pre>
 *
 * <p>Input: {@code x} [B, T, H] and the additive mask [B, 1, 1, T]. Output: [B, T, H].
 */
public final class BertLayer extends AbstractBlock {

    private final BertConfig config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear attentionOutput;
    private final LayerNorm attentionNorm;
    private final Linear intermediate;
    private final Linear output;
    private final LayerNorm outputNorm;
    private final Dropout attentionDropout;
    private final Dropout hiddenDropout;

    /** Creates one layer for the configuration. */
    public BertLayer(BertConfig config) {
        super((byte) 1);
        this.config = config;
        int h = config.hiddenSize();
        query = addChildBlock("query", linear(h));
        key = addChildBlock("key", linear(h));
        value = addChildBlock("value", linear(h));
        attentionOutput = addChildBlock("attention_output", linear(h));
        attentionNorm = addChildBlock("attention_norm", norm(config));
        intermediate = addChildBlock("intermediate", linear(config.intermediateSize()));
        output = addChildBlock("output", linear(h));
        outputNorm = addChildBlock("output_norm", norm(config));
        attentionDropout = addChildBlock(
                "attention_dropout",
                Dropout.builder().optRate(config.attentionProbsDropoutProb()).build());
        hiddenDropout = addChildBlock(
                "hidden_dropout",
                Dropout.builder().optRate(config.hiddenDropoutProb()).build());
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    static LayerNorm norm(BertConfig config) {
        return LayerNorm.builder().axis(2).optEpsilon(config.layerNormEps()).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // [B, T, H]
        NDArray mask = inputs.get(1); // [B, 1, 1, T]
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numAttentionHeads();
        int hs = config.headSize();
        NDArray q = heads(apply(query, ps, x, training), b, t, heads, hs); // [B, heads, T, hs]
        NDArray k = heads(apply(key, ps, x, training), b, t, heads, hs);
        NDArray v = heads(apply(value, ps, x, training), b, t, heads, hs);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))
                .div(Scalars.like(q, (float) Math.sqrt(hs)))
                .add(mask); // [B, heads, T, T]
        NDArray probs = apply(attentionDropout, ps, scores.softmax(-1), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hiddenSize()); // [B, T, H]
        NDArray attn = apply(hiddenDropout, ps, apply(attentionOutput, ps, context, training), training);
        NDArray a = apply(attentionNorm, ps, attn.add(x), training);
        NDArray ffn = Activation.gelu(apply(intermediate, ps, a, training)); // [B, T, I]
        NDArray o = apply(hiddenDropout, ps, apply(output, ps, ffn, training), training);
        return new NDList(apply(outputNorm, ps, o.add(a), training));
    }

    private static NDArray heads(NDArray x, long b, long t, int heads, int hs) {
        return x.reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
    }

    private static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape wide = new Shape(x.get(0), x.get(1), config.intermediateSize());
        for (Block block : new Block[] {
            query, key, value, attentionOutput, attentionNorm, intermediate, outputNorm, attentionDropout, hiddenDropout
        }) {
            block.initialize(manager, dataType, x);
        }
        output.initialize(manager, dataType, wide);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Adds this layer's parameters under their HuggingFace names, prefix e.g. {@code encoder.layer.0.}. */
    void collect(String prefix, Map<String, Parameter> out) {
        collectLinear(prefix + "attention.self.query.", query, out);
        collectLinear(prefix + "attention.self.key.", key, out);
        collectLinear(prefix + "attention.self.value.", value, out);
        collectLinear(prefix + "attention.output.dense.", attentionOutput, out);
        collectNorm(prefix + "attention.output.LayerNorm.", attentionNorm, out);
        collectLinear(prefix + "intermediate.dense.", intermediate, out);
        collectLinear(prefix + "output.dense.", output, out);
        collectNorm(prefix + "output.LayerNorm.", outputNorm, out);
    }

    static void collectLinear(String prefix, Linear linear, Map<String, Parameter> out) {
        out.put(prefix + "weight", linear.getParameters().get("weight"));
        out.put(prefix + "bias", linear.getParameters().get("bias"));
    }

    static void collectNorm(String prefix, LayerNorm norm, Map<String, Parameter> out) {
        out.put(prefix + "weight", norm.getParameters().get("gamma"));
        out.put(prefix + "bias", norm.getParameters().get("beta"));
    }
}
