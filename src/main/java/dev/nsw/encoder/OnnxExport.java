package dev.nsw.encoder;

import com.google.protobuf.CodedOutputStream;
import dev.nsw.encoder.OnnxModelWriter.Attr;
import dev.nsw.io.NamedTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a BERT encoder as a static ONNX graph (opset 17, standard operators only) whose output is what nsw
 * computes, so that ONNX Runtime in any language runs the trained model without nsw.
 *
 * <p>Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids}: int64 [batch, sequence].
 * The graph is BERT as {@link BertModel} computes it — embeddings (word + type + position) → LayerNorm;
 * per layer: Q/K/V projections, {@code softmax(QKᵀ/√d + (1 − mask)·(−FLT_MAX))·V}, output projection,
 * residual + LayerNorm, erf-GELU feed-forward, residual + LayerNorm — then one of two heads:
 * <ul>
 *   <li>{@link #embeddingModel}: CLS [batch, H] → optional Linear(H → D) → {@code x / max(‖x‖₂, 1e-12)}:
 *       output {@code embedding} [batch, D], plus {@code last_hidden_state} [batch, sequence, H] for engines
 *       that pool themselves;</li>
 *   <li>{@link #relevanceModel}: CLS → Linear(H → 1) → sigmoid: output {@code probability} [batch].</li>
 * </ul>
 * Nodes carry HuggingFace scope names ({@code /encoder/layer.0/attention/self/query/MatMul}) and Linear
 * weights are stored [in, out], as in a HuggingFace export, so {@link WeightImport#fromOnnx} reads an
 * exported model back.
 *
 * <p>{@link Precision#INT8}: the six Linear layers of every encoder layer (Q, K, V, attention output, the two
 * feed-forward matrices) become dynamic int8 matrix products; embeddings, LayerNorms, attention scores, the
 * projection and the head stay fp32. A Linear {@code y = x·Wᵀ + b} with W [out, in] is written as
 * <pre>
 *   (x_q, s_x, z_x) = DynamicQuantizeLinear(x)          x [.., in] → uint8, one scale and zero point per batch
 *   y = Cast(MatMulInteger(x_q, W_q, z_x)) · (s_x · s_W) + b
 * </pre>
 * with W_q = round(W / s_W) ∈ [−63, 63] stored int8 [in, out] and s_W [out] = max|W[o, :]| / 63, one scale
 * per output channel (symmetric: no weight zero point). This is the standard-operator form that ONNX Runtime
 * fuses into {@code com.microsoft.DynamicQuantizeMatMul} (u8 × s8 integer GEMM, VNNI where the CPU has it)
 * when a session is created; other engines run it as written. Why 7-bit weights ({@link QuantizedWeight#LEVELS}):
 * without VNNI (AVX2 only, e.g. many AMD EPYC) the u8 × s8 kernel adds two products into an int16 with saturation
 * (VPMADDUBSW), and 255 · 127 · 2 overflows it — bge-small-zh's int8 vectors fell to a min cosine of 0.78 against
 * fp32 on such a machine; with |W_q| ≤ 63, 255 · 63 · 2 = 32,130 fits (ONNX Runtime's {@code reduce_range}). The weights are written as they are read
 * ({@link Weights}), never all on the heap at once.
 */
public final class OnnxExport {

    /**
     * The int8 scheme, in the ONNX cache's key ({@code OnnxCache}): an int8 model quantized another way is never read
     * back as this one.
     */
    static final String QUANTIZATION = "quantization dynamic u8 activations, s8 weights per output channel in [-"
            + QuantizedWeight.LEVELS + ", " + QuantizedWeight.LEVELS + "]";

    /** Opset 17: the first with {@code LayerNormalization}; ONNX Runtime 1.12+ and most engines run it. */
    public static final int OPSET = 17;

    private OnnxExport() {}

    /**
     * The weights an export writes, read one tensor at a time when the graph is written (HuggingFace names,
     * Linear weights [out, in]), so that a graph can be streamed to a file without a copy of the model on the
     * heap.
     */
    public interface Weights {
        /** The tensor's shape, or {@code null} when the model has no tensor of that name. */
        long[] shape(String name);

        /**
         * The tensor's values, row-major, read from position 0 by absolute gets; called when the tensor is
         * written. It may be a view of memory outside the heap (a PyTorch tensor's), valid while its owner is open.
         */
        FloatBuffer values(String name);

        /** Weights held in a map (already on the heap). */
        static Weights of(Map<String, NamedTensor> tensors) {
            return new Weights() {
                @Override
                public long[] shape(String name) {
                    NamedTensor t = tensors.get(name);
                    return t == null ? null : t.shape();
                }

                @Override
                public FloatBuffer values(String name) {
                    return FloatBuffer.wrap(tensors.get(name).data());
                }
            };
        }
    }

    /** The graph of {@link #embeddingModel}, not yet written: {@link OnnxModelWriter#writeTo} streams it. */
    public static OnnxModelWriter embeddingGraph(
            BertConfig config, Weights weights, Precision precision, Map<String, String> metadata) {
        OnnxModelWriter w = new OnnxModelWriter(OPSET);
        String hidden = bert(w, config, weights, precision);
        String cls = cls(w, hidden);
        String x = cls;
        if (config.outputEmbSize() > 0) {
            x = linear(w, "/projection", cls, weights, "projection", Precision.FP32); // small; kept exact
        }
        // x / max(||x||_2, 1e-12), row by row: [B, D]
        String norm = w.node(
                "ReduceL2",
                "/normalize/ReduceL2",
                List.of(x),
                Attr.of("axes", new long[] {-1}),
                Attr.of("keepdims", 1));
        String clamped = w.node("Max", "/normalize/Max", List.of(norm, w.scalar("normalize.eps", 1e-12f)));
        w.node("Div", "/normalize/Div", List.of(x, clamped), List.of("embedding"));
        w.output("embedding", OnnxModelWriter.FLOAT, "batch", config.embeddingSize());
        w.node("Identity", "/last_hidden_state", List.of(hidden), List.of("last_hidden_state"));
        w.output("last_hidden_state", OnnxModelWriter.FLOAT, "batch", "sequence", config.hiddenSize());
        metadata.forEach(w::metadata);
        return w;
    }

    /** The graph name {@link #embeddingGraph} is written under. */
    public static final String EMBEDDING_GRAPH_NAME = "nsw-sentence-encoder";

    /**
     * The sentence-embedding graph of a {@link EncoderBlock}'s weights.
     *
     * @param weights HuggingFace-named tensors with Linear weights [out, in] ({@link WeightImport#export})
     */
    public static byte[] embeddingModel(
            BertConfig config, Map<String, NamedTensor> weights, Map<String, String> metadata, String producerVersion) {
        return embeddingGraph(config, Weights.of(weights), Precision.FP32, metadata)
                .toBytes(EMBEDDING_GRAPH_NAME, producerVersion);
    }

    /**
     * The cross-encoder graph: BERT over {@code [CLS] query [SEP] title [SEP]}, CLS → Linear(H → 1) →
     * sigmoid, output {@code probability} [batch].
     *
     * @param classifierWeight [1, H]
     * @param classifierBias [1]
     */
    public static byte[] relevanceModel(
            BertConfig config,
            Map<String, NamedTensor> weights,
            NamedTensor classifierWeight,
            NamedTensor classifierBias,
            Map<String, String> metadata,
            String producerVersion) {
        return relevanceGraph(config, Weights.of(weights), classifierWeight, classifierBias, metadata)
                .toBytes(RELEVANCE_GRAPH_NAME, producerVersion);
    }

    /** The graph name {@link #relevanceGraph} is written under. */
    public static final String RELEVANCE_GRAPH_NAME = "nsw-cross-encoder";

    /** The graph of {@link #relevanceModel}, not yet written (fp32). */
    public static OnnxModelWriter relevanceGraph(
            BertConfig config,
            Weights weights,
            NamedTensor classifierWeight,
            NamedTensor classifierBias,
            Map<String, String> metadata) {
        OnnxModelWriter w = new OnnxModelWriter(OPSET);
        String cls = cls(w, bert(w, config, weights, Precision.FP32));
        String logit = linear(
                w,
                "/classifier",
                cls,
                Weights.of(Map.of(
                        "classifier.weight", classifierWeight.rename("classifier.weight"),
                        "classifier.bias", classifierBias.rename("classifier.bias"))),
                "classifier",
                Precision.FP32); // [B, 1]
        String flat = w.node(
                "Reshape",
                "/classifier/Reshape",
                List.of(logit, w.initializer("classifier.flat_shape", new long[] {1}, new long[] {-1}))); // [B]
        w.node("Sigmoid", "/probability", List.of(flat), List.of("probability"));
        w.output("probability", OnnxModelWriter.FLOAT, "batch");
        metadata.forEach(w::metadata);
        return w;
    }

    /** CLS pooling: hidden [B, T, H] → [B, H]. */
    private static String cls(OnnxModelWriter w, String hidden) {
        return w.node(
                "Gather",
                "/pooler/Gather",
                List.of(hidden, w.initializer("pooler.cls_index", new long[0], new long[] {0})),
                Attr.of("axis", 1));
    }

    /** The BERT encoder; declares the three inputs and returns the last hidden state [B, T, H]. */
    private static String bert(OnnxModelWriter w, BertConfig config, Weights weights, Precision precision) {
        for (String input : new String[] {"input_ids", "attention_mask", "token_type_ids"}) {
            w.input(input, OnnxModelWriter.INT64, "batch", "sequence");
        }
        int h = config.hiddenSize();
        // Embeddings: word[ids] + type[types] + position[0..T-1], then LayerNorm.
        String word = w.node(
                "Gather",
                "/embeddings/word_embeddings/Gather",
                List.of(weight(w, weights, "embeddings.word_embeddings.weight"), "input_ids"));
        String type = w.node(
                "Gather",
                "/embeddings/token_type_embeddings/Gather",
                List.of(weight(w, weights, "embeddings.token_type_embeddings.weight"), "token_type_ids"));
        String shape = w.node("Shape", "/embeddings/Shape", List.of("input_ids"));
        String seqLen = w.node(
                "Gather",
                "/embeddings/Gather",
                List.of(shape, w.initializer("embeddings.seq_axis", new long[0], new long[] {1})),
                Attr.of("axis", 0));
        String positions = w.node(
                "Range",
                "/embeddings/Range",
                List.of(
                        w.initializer("embeddings.range_start", new long[0], new long[] {0}),
                        seqLen,
                        w.initializer("embeddings.range_step", new long[0], new long[] {1}))); // [T]
        String position = w.node(
                "Gather",
                "/embeddings/position_embeddings/Gather",
                List.of(weight(w, weights, "embeddings.position_embeddings.weight"), positions)); // [T, H]
        String sum = w.node("Add", "/embeddings/Add", List.of(word, type));
        sum = w.node("Add", "/embeddings/Add_1", List.of(sum, position));
        String x = layerNorm(w, config, weights, "/embeddings/LayerNorm", "embeddings.LayerNorm", sum);

        // Additive mask [B, 1, 1, T]: 0 for tokens, -FLT_MAX for padding (as BertModel and HuggingFace do), in
        // HuggingFace's node order (Unsqueeze, Unsqueeze, Cast, Sub, Mul), which ONNX Runtime's attention fusion
        // expects.
        String m1 = w.node(
                "Unsqueeze",
                "/Unsqueeze",
                List.of("attention_mask", w.initializer("mask.axis1", new long[] {1}, new long[] {1})));
        String m2 = w.node(
                "Unsqueeze", "/Unsqueeze_1", List.of(m1, w.initializer("mask.axis2", new long[] {1}, new long[] {2})));
        String maskF = w.node("Cast", "/Cast", List.of(m2), Attr.of("to", OnnxModelWriter.FLOAT));
        String inverted = w.node("Sub", "/Sub", List.of(w.scalar("mask.one", 1f), maskF));
        String mask = w.node("Mul", "/Mul", List.of(inverted, w.scalar("mask.min", -Float.MAX_VALUE)));

        String headsShape = w.initializer(
                "attention.heads_shape", new long[] {4}, new long[] {0, 0, config.numAttentionHeads(), config.headSize()
                });
        String mergedShape = w.initializer("attention.merged_shape", new long[] {3}, new long[] {0, 0, h});
        String scale = w.scalar("attention.scale", (float) Math.sqrt(config.headSize()));
        String sqrt2 = w.scalar("gelu.sqrt2", (float) Math.sqrt(2.0));
        String one = w.scalar("gelu.one", 1f);
        String half = w.scalar("gelu.half", 0.5f);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String s = "/encoder/layer." + i;
            String p = "encoder.layer." + i + ".";
            String q = splitHeads(
                    w,
                    s + "/attention/self/query",
                    attentionLinear(w, weights, s, p, "query", x, precision),
                    headsShape,
                    new long[] {0, 2, 1, 3}); // [B, heads, T, hs]
            String k = splitHeads(
                    w,
                    s + "/attention/self/key",
                    attentionLinear(w, weights, s, p, "key", x, precision),
                    headsShape,
                    new long[] {0, 2, 3, 1}); // [B, heads, hs, T]
            String v = splitHeads(
                    w,
                    s + "/attention/self/value",
                    attentionLinear(w, weights, s, p, "value", x, precision),
                    headsShape,
                    new long[] {0, 2, 1, 3});
            String scores = w.node("MatMul", s + "/attention/self/MatMul", List.of(q, k)); // [B, heads, T, T]
            scores = w.node("Div", s + "/attention/self/Div", List.of(scores, scale));
            scores = w.node("Add", s + "/attention/self/Add", List.of(scores, mask));
            String probs = w.node("Softmax", s + "/attention/self/Softmax", List.of(scores), Attr.of("axis", -1));
            String context = w.node("MatMul", s + "/attention/self/MatMul_1", List.of(probs, v)); // [B, heads, T, hs]
            context = w.node(
                    "Transpose", s + "/attention/self/Transpose_3", List.of(context), Attr.of("perm", new long[] {
                        0, 2, 1, 3
                    }));
            context = w.node("Reshape", s + "/attention/self/Reshape_3", List.of(context, mergedShape)); // [B, T, H]
            String attn =
                    linear(w, s + "/attention/output/dense", context, weights, p + "attention.output.dense", precision);
            String a = layerNorm(
                    w,
                    config,
                    weights,
                    s + "/attention/output/LayerNorm",
                    p + "attention.output.LayerNorm",
                    w.node("Add", s + "/attention/output/Add", List.of(attn, x)));
            // erf-GELU: 0.5 · y · (1 + erf(y / √2)), the pattern ONNX Runtime fuses into one Gelu kernel.
            String y =
                    linear(w, s + "/intermediate/dense", a, weights, p + "intermediate.dense", precision); // [B, T, I]
            String erf = w.node(
                    "Erf",
                    s + "/intermediate/intermediate_act_fn/Erf",
                    List.of(w.node("Div", s + "/intermediate/intermediate_act_fn/Div", List.of(y, sqrt2))));
            String gelu = w.node(
                    "Mul",
                    s + "/intermediate/intermediate_act_fn/Mul_1",
                    List.of(
                            w.node(
                                    "Mul",
                                    s + "/intermediate/intermediate_act_fn/Mul",
                                    List.of(
                                            y,
                                            w.node(
                                                    "Add",
                                                    s + "/intermediate/intermediate_act_fn/Add",
                                                    List.of(erf, one)))),
                            half));
            String o = linear(w, s + "/output/dense", gelu, weights, p + "output.dense", precision);
            x = layerNorm(
                    w,
                    config,
                    weights,
                    s + "/output/LayerNorm",
                    p + "output.LayerNorm",
                    w.node("Add", s + "/output/Add", List.of(o, a)));
        }
        return x;
    }

    private static String attentionLinear(
            OnnxModelWriter w,
            Weights weights,
            String scope,
            String prefix,
            String which,
            String x,
            Precision precision) {
        return linear(w, scope + "/attention/self/" + which, x, weights, prefix + "attention.self." + which, precision);
    }

    /** [B, T, H] → Reshape [B, T, heads, hs] → Transpose(perm). */
    private static String splitHeads(OnnxModelWriter w, String scope, String x, String headsShape, long[] perm) {
        String r = w.node("Reshape", scope + "/Reshape", List.of(x, headsShape));
        return w.node("Transpose", scope + "/Transpose", List.of(r), Attr.of("perm", perm));
    }

    /**
     * {@code x · Wᵀ + b} for the Linear {@code module} ({@code module.weight} W [out, in], {@code module.bias}
     * [out]): in fp32, W is stored transposed [in, out] under the node's scope, as a HuggingFace export does; in
     * int8, as {@link QuantizedWeight} (see the class comment for the nodes).
     */
    private static String linear(
            OnnxModelWriter w, String scope, String x, Weights weights, String module, Precision precision) {
        String weightName = module + ".weight";
        long[] shape = require(weights, weightName);
        if (shape.length != 2) {
            throw new IllegalArgumentException("cannot export: " + weightName + " has shape " + Arrays.toString(shape));
        }
        int out = (int) shape[0];
        int in = (int) shape[1];
        String stored = "onnx::MatMul" + scope.replace('/', '_');
        if (precision == Precision.FP32) {
            w.lazyInitializer(
                    stored,
                    new long[] {in, out},
                    OnnxModelWriter.FLOAT,
                    o -> writeTransposed(o, weights.values(weightName), out, in));
            String m = w.node("MatMul", scope + "/MatMul", List.of(x, stored));
            return w.node("Add", scope + "/Add", List.of(weight(w, weights, module + ".bias"), m));
        }
        String bias = weight(w, weights, module + ".bias");
        // int8: the quantized weight and its scales are written one after the other; quantize once for both
        QuantizedWeight.Once q =
                new QuantizedWeight.Once(() -> QuantizedWeight.of(weights.values(weightName), out, in));
        String quantized = w.lazyInitializer(
                stored + "_quantized",
                new long[] {in, out},
                OnnxModelWriter.INT8,
                o -> o.writeRawBytes(q.get().transposed()));
        String scales = w.lazyInitializer(stored + "_scale", new long[] {out}, OnnxModelWriter.FLOAT, o -> {
            OnnxModelWriter.writeFloats(o, q.get().scales());
            q.release();
        });
        String xq = scope + "/DynamicQuantizeLinear_output_0";
        String xScale = scope + "/DynamicQuantizeLinear_output_1";
        String xZero = scope + "/DynamicQuantizeLinear_output_2";
        w.node("DynamicQuantizeLinear", scope + "/DynamicQuantizeLinear", List.of(x), List.of(xq, xScale, xZero));
        String product = w.node("MatMulInteger", scope + "/MatMulInteger", List.of(xq, quantized, xZero)); // int32
        String asFloat = w.node("Cast", scope + "/Cast", List.of(product), Attr.of("to", OnnxModelWriter.FLOAT));
        String scale = w.node("Mul", scope + "/Mul_scale", List.of(xScale, scales)); // [out]
        String y = w.node("Mul", scope + "/Mul", List.of(asFloat, scale));
        return w.node("Add", scope + "/Add", List.of(y, bias)); // bias second: ONNX Runtime's fusion wants it there
    }

    /** Writes W [out, in] as Wᵀ [in, out], little-endian, one row of Wᵀ at a time (no copy of W). */
    private static void writeTransposed(CodedOutputStream o, FloatBuffer w, int out, int in) throws IOException {
        ByteBuffer row = ByteBuffer.allocate(out * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < in; i++) {
            row.clear();
            for (int r = 0; r < out; r++) {
                row.putFloat(w.get(r * in + i));
            }
            o.writeRawBytes(row.array(), 0, out * 4);
        }
    }

    private static String layerNorm(
            OnnxModelWriter w, BertConfig config, Weights weights, String scope, String prefix, String x) {
        return w.node(
                "LayerNormalization",
                scope + "/LayerNormalization",
                List.of(x, weight(w, weights, prefix + ".weight"), weight(w, weights, prefix + ".bias")),
                Attr.of("axis", -1),
                Attr.of("epsilon", config.layerNormEps()));
    }

    /** A float32 weight stored as it is, written from {@code weights} when the graph is written. */
    private static String weight(OnnxModelWriter w, Weights weights, String name) {
        long[] shape = require(weights, name);
        return w.lazyInitializer(
                name, shape, OnnxModelWriter.FLOAT, o -> OnnxModelWriter.writeFloats(o, weights.values(name)));
    }

    private static long[] require(Weights weights, String name) {
        long[] shape = weights.shape(name);
        if (shape == null) {
            throw new IllegalArgumentException("cannot export: missing tensor " + name);
        }
        return shape;
    }
}
