package dev.nsw.encoder;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.nsw.io.NamedTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies pretrained BERT weights into an {@link EncoderBlock}: from an ONNX export (weights named through
 * the graph) or from HuggingFace safetensors, validating every tensor's name and shape.
 *
 * <p>In a HuggingFace ONNX export the embedding, LayerNorm and bias tensors keep their BERT names, but
 * each Linear weight is an anonymous initializer ({@code onnx::MatMul_541}) of shape [in, out]; its name
 * comes from the MatMul node that consumes it ({@code /encoder/layer.0/attention/self/query/MatMul} →
 * {@code encoder.layer.0.attention.self.query.weight}), and it is transposed to DJL's [out, in].
 */
public final class WeightImport {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private WeightImport() {}

    /** The ONNX graph's weights under HuggingFace BERT names, Linear weights transposed to [out, in]. */
    public static Map<String, NamedTensor> fromOnnx(OnnxGraph graph) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        Map<String, OnnxGraph.Tensor> init = graph.initializers();
        Map<String, String> matmulNames = new LinkedHashMap<>();
        for (OnnxGraph.Node node : graph.nodes()) {
            if (node.opType().equals("MatMul") && node.inputs().size() == 2) {
                OnnxGraph.Tensor w = init.get(node.inputs().get(1));
                if (w != null && w.dims().length == 2 && w.floats() != null) {
                    String module = node.name().replaceFirst("^/", "").replaceFirst("/MatMul(_\\d+)?$", "");
                    matmulNames.put(w.name(), module.replace('/', '.') + ".weight");
                }
            }
        }
        for (OnnxGraph.Tensor t : init.values()) {
            if (t.floats() == null) {
                continue;
            }
            NamedTensor nt = new NamedTensor(t.name(), t.dims(), t.floats());
            String linear = matmulNames.get(t.name());
            if (linear != null) {
                out.put(linear, nt.transpose2d(linear));
            } else if (!t.name().startsWith("onnx::")) {
                out.put(t.name(), nt);
            }
        }
        return out;
    }

    /**
     * Infers the configuration of an ONNX BERT export from its tensor shapes, and the number of heads from
     * the attention reshape constants ({@code [B, T, heads, head_size]}) or the score scale √head_size.
     *
     * @param headsFallback heads to use when the graph does not reveal them; empty = fail
     */
    public static BertConfig inferConfig(OnnxGraph graph, Map<String, NamedTensor> tensors, OptionalInt headsFallback) {
        long[] word = shape(tensors, "embeddings.word_embeddings.weight", 2);
        long[] pos = shape(tensors, "embeddings.position_embeddings.weight", 2);
        long[] type = shape(tensors, "embeddings.token_type_embeddings.weight", 2);
        long[] inter = shape(tensors, "encoder.layer.0.intermediate.dense.bias", 1);
        int hidden = (int) word[1];
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : tensors.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty() || layers.last() != layers.size() - 1) {
            throw new IllegalArgumentException("ONNX model has no contiguous encoder.layer.N tensors: " + layers);
        }
        OptionalInt heads = inferHeads(graph, hidden);
        if (heads.isEmpty()) {
            heads = headsFallback;
        }
        if (heads.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot infer num_attention_heads from the ONNX graph; give it explicitly");
        }
        float eps = inferLayerNormEps(graph);
        return new BertConfig(
                (int) word[0],
                hidden,
                layers.size(),
                heads.getAsInt(),
                (int) inter[0],
                (int) pos[0],
                (int) type[0],
                0.1f,
                0.1f,
                eps,
                0);
    }

    private static long[] shape(Map<String, NamedTensor> tensors, String name, int rank) {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("missing tensor '" + name + "' (needed to infer the configuration)");
        }
        if (t.shape().length != rank) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected rank " + rank);
        }
        return t.shape();
    }

    /** Heads from the first self-attention's reshape to [B, T, heads, head_size], or from its √head_size divisor. */
    static OptionalInt inferHeads(OnnxGraph graph, int hidden) {
        String scope = "/encoder/layer.0/attention/self/";
        Map<String, OnnxGraph.Node> producers = new LinkedHashMap<>();
        for (OnnxGraph.Node n : graph.nodes()) {
            for (String o : n.outputs()) {
                producers.put(o, n);
            }
        }
        for (OnnxGraph.Node n : graph.nodes()) {
            if (!n.name().startsWith(scope)
                    || !n.opType().equals("Reshape")
                    || n.inputs().size() < 2) {
                continue;
            }
            String shapeName = n.inputs().get(1);
            OnnxGraph.Tensor c = graph.constant(shapeName);
            if (c != null && c.longs() != null && c.longs().length == 4 && c.longs()[2] * c.longs()[3] == hidden) {
                return OptionalInt.of((int) c.longs()[2]);
            }
            OnnxGraph.Node concat = producers.get(shapeName);
            if (concat != null
                    && concat.opType().equals("Concat")
                    && concat.inputs().size() == 4) {
                long h = scalar(graph.constant(concat.inputs().get(2)));
                long s = scalar(graph.constant(concat.inputs().get(3)));
                if (h > 0 && h * s == hidden) {
                    return OptionalInt.of((int) h);
                }
            }
        }
        for (OnnxGraph.Node n : graph.nodes()) {
            if (n.name().startsWith(scope)
                    && n.opType().equals("Div")
                    && n.inputs().size() == 2) {
                OnnxGraph.Tensor c = graph.constant(n.inputs().get(1));
                if (c != null && c.floats() != null && c.floats().length == 1) {
                    long headSize = Math.round((double) c.floats()[0] * c.floats()[0]);
                    if (headSize > 0 && hidden % headSize == 0) {
                        return OptionalInt.of((int) (hidden / headSize));
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    private static long scalar(OnnxGraph.Tensor t) {
        return t != null && t.longs() != null && t.longs().length == 1 ? t.longs()[0] : -1;
    }

    private static float inferLayerNormEps(OnnxGraph graph) {
        for (OnnxGraph.Node n : graph.nodes()) {
            if (n.name().equals("/embeddings/LayerNorm/Add") && n.inputs().size() == 2) {
                OnnxGraph.Tensor c = graph.constant(n.inputs().get(1));
                if (c != null && c.floats() != null && c.floats().length == 1 && c.floats()[0] > 0) {
                    return c.floats()[0];
                }
            }
        }
        return 1e-12f;
    }

    /**
     * HuggingFace safetensors names normalised to ours: a {@code bert.} prefix is dropped, old
     * {@code LayerNorm.gamma/beta} become {@code weight/bias}.
     */
    public static Map<String, NamedTensor> normalizeHuggingFaceNames(Map<String, NamedTensor> tensors) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        for (NamedTensor t : tensors.values()) {
            String n = t.name();
            if (n.startsWith("bert.")) {
                n = n.substring(5);
            }
            n = n.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias");
            out.put(n, t.rename(n));
        }
        return out;
    }

    /**
     * A projection Linear(H → D) initialised like DJL's default (Xavier, Gaussian, factor in, magnitude
     * 2) with zero bias, from a seeded generator so the same seed gives the same weights.
     */
    public static Map<String, NamedTensor> randomProjection(int hidden, int outputEmbSize, long seed) {
        Random r = new Random(seed);
        float[] w = new float[outputEmbSize * hidden];
        double sigma = Math.sqrt(2.0 / hidden);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * sigma);
        }
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        out.put("projection.weight", new NamedTensor("projection.weight", new long[] {outputEmbSize, hidden}, w));
        out.put(
                "projection.bias",
                new NamedTensor("projection.bias", new long[] {outputEmbSize}, new float[outputEmbSize]));
        return out;
    }

    /**
     * Copies tensors into an initialised block's parameters. Every parameter needs a tensor of exactly its
     * expected shape; extra tensors (e.g. {@code pooler.*}) are ignored.
     *
     * @throws IllegalArgumentException naming the first missing tensor or the first shape mismatch
     */
    public static void apply(EncoderBlock block, NDManager manager, Map<String, NamedTensor> tensors) {
        Map<String, Parameter> params = block.namedParameters();
        Map<String, Shape> expected = block.expectedShapes();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            NamedTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing tensor '" + e.getKey() + "' (expected shape "
                        + Arrays.toString(e.getValue().getShape()) + ")");
            }
            if (!Arrays.equals(t.shape(), e.getValue().getShape())) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue().getShape()));
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            assign(e.getValue(), manager, tensors.get(e.getKey()));
        }
    }

    /** The block's parameters as named tensors (a copy), in {@link EncoderBlock#namedParameters()} order. */
    public static Map<String, NamedTensor> export(EncoderBlock block) {
        return tensors(block.namedParameters());
    }

    /**
     * DJL parameters as named tensors (copies), keyed and ordered as given: the one way a block's weights, a
     * head's or an optimizer's state become what {@code io.Safetensors.write} writes.
     */
    public static Map<String, NamedTensor> tensors(Map<String, Parameter> parameters) {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, tensor(name, p.getArray())));
        return out;
    }

    /** One DJL array as a named float32 tensor (a copy). */
    public static NamedTensor tensor(String name, NDArray array) {
        return new NamedTensor(name, array.getShape().getShape(), array.toFloatArray());
    }

    /**
     * The block's parameters as {@link OnnxExport.Weights} read one at a time, when an export writes them, as
     * views of PyTorch's own memory: no copy of the model on the heap (what {@link #export} makes), nor of any
     * tensor. The block must stay open meanwhile.
     */
    public static OnnxExport.Weights lazy(EncoderBlock block) {
        Map<String, Parameter> params = block.namedParameters();
        return new OnnxExport.Weights() {
            @Override
            public long[] shape(String name) {
                Parameter p = params.get(name);
                return p == null ? null : p.getArray().getShape().getShape();
            }

            @Override
            public FloatBuffer values(String name) {
                // a direct buffer over the tensor's memory (its parameters are contiguous): nothing is copied
                return params.get(name)
                        .getArray()
                        .toByteBuffer(true)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
        };
    }

    /**
     * Replaces a parameter's array with the tensor's values. It goes through {@link Parameter#load}, the
     * same path DJL uses when loading a saved model, because {@code setArray} refuses a shaped parameter.
     */
    private static void assign(Parameter p, NDManager manager, NamedTensor t) {
        try (NDArray a = manager.create(t.data(), new Shape(t.shape()))) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(header);
            out.writeChar('P');
            out.writeByte(1);
            out.writeUTF(p.getName());
            out.flush();
            p.close();
            // header and encoded array read in sequence: no extra copies of a big tensor on the heap
            p.load(
                    manager,
                    new DataInputStream(new SequenceInputStream(
                            new ByteArrayInputStream(header.toByteArray()), new ByteArrayInputStream(a.encode()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(e);
        }
        if (p.requiresGradient()) {
            p.getArray().setRequiresGradient(true);
        }
    }
}
