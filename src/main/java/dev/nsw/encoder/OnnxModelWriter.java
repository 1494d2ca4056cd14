package dev.nsw.encoder;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX {@code ModelProto} node by node and writes it as protobuf wire format — the writing twin of
 * {@link OnnxGraph}, with field numbers from {@code onnx.proto3}, so that no generated ONNX classes are
 * needed. Tensors are float32 or int64, stored as little-endian {@code raw_data}; inputs and outputs are
 * declared with symbolic dimensions (e.g. {@code batch}, {@code sequence}) so the model takes any batch size
 * and sequence length.
 */
public final class OnnxModelWriter {

    /** ONNX {@code TensorProto.DataType} codes. */
    public static final int FLOAT = 1;

    public static final int INT64 = 7;

    /** IR version 8 (ONNX 1.10+), which every ONNX Runtime since 1.10 reads; it allows opset 17. */
    static final long IR_VERSION = 8;

    private final int opset;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int counter;

    /** A writer for a default-domain opset (17 gives {@code LayerNormalization}). */
    public OnnxModelWriter(int opset) {
        this.opset = opset;
    }

    /** A fresh value name with this prefix, unique in the graph. */
    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** Adds a float32 weight of the given shape. */
    public String initializer(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        initializers.add(tensor(name, dims, FLOAT, b.array()));
        return name;
    }

    /** Adds an int64 constant of the given shape ({@code new long[0]} = a scalar). */
    public String initializer(String name, long[] dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        initializers.add(tensor(name, dims, INT64, b.array()));
        return name;
    }

    /** A float32 scalar constant. */
    public String scalar(String name, float value) {
        return initializer(name, new long[0], new float[] {value});
    }

    /** Declares a graph input; a {@code String} dim is symbolic, a {@code Long}/{@code Integer} fixed. */
    public void input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
    }

    /** Declares a graph output (see {@link #input}). */
    public void output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
    }

    /** A model-level metadata entry ({@code ModelProto.metadata_props}). */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** An attribute value for {@link #node}: an int, a float, an int list or a string. */
    public record Attr(String name, Object value) {
        public static Attr of(String name, Object value) {
            return new Attr(name, value);
        }
    }

    /**
     * Adds a node; returns its first output name.
     *
     * @param name the node name (HuggingFace-style scope names such as
     *     {@code /encoder/layer.0/attention/self/query/MatMul} let {@link WeightImport} read the model back)
     */
    public String node(String opType, String name, List<String> in, List<String> out, Attr... attrs) {
        nodes.add(message(o -> {
            for (String s : in) {
                o.writeString(1, s);
            }
            for (String s : out) {
                o.writeString(2, s);
            }
            o.writeString(3, name);
            o.writeString(4, opType);
            for (Attr a : attrs) {
                o.writeByteArray(5, attribute(a));
            }
        }));
        return out.get(0);
    }

    /** A one-output node whose output is named after the node. */
    public String node(String opType, String name, List<String> in, Attr... attrs) {
        return node(opType, name, in, List.of(name + "_output_0"), attrs);
    }

    /** Writes the whole {@code ModelProto}. */
    public void writeTo(OutputStream out, String graphName, String producerVersion) throws IOException {
        byte[] graph = message(o -> {
            for (byte[] n : nodes) {
                o.writeByteArray(1, n);
            }
            o.writeString(2, graphName);
            for (byte[] t : initializers) {
                o.writeByteArray(5, t);
            }
            for (byte[] v : inputs) {
                o.writeByteArray(11, v);
            }
            for (byte[] v : outputs) {
                o.writeByteArray(12, v);
            }
        });
        CodedOutputStream o = CodedOutputStream.newInstance(out, 1 << 16);
        o.writeInt64(1, IR_VERSION);
        o.writeString(2, "nsw");
        o.writeString(3, producerVersion);
        o.writeByteArray(7, graph);
        o.writeByteArray(8, message(op -> {
            op.writeString(1, "");
            op.writeInt64(2, opset);
        }));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            o.writeByteArray(14, message(m -> {
                m.writeString(1, e.getKey());
                m.writeString(2, e.getValue());
            }));
        }
        o.flush();
    }

    /** The model as bytes (for an in-memory ONNX Runtime session). */
    public byte[] toBytes(String graphName, String producerVersion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(bytes, graphName, producerVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            body.write(o);
            o.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] tensor(String name, long[] dims, int dataType, byte[] raw) {
        return message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, dataType);
            o.writeString(8, name);
            o.writeBytes(9, ByteString.copyFrom(raw));
        });
    }

    /** AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7). */
    private static byte[] attribute(Attr a) {
        return message(o -> {
            o.writeString(1, a.name());
            switch (a.value()) {
                case Integer i -> {
                    o.writeInt64(3, i);
                    o.writeEnum(20, 2);
                }
                case Long l -> {
                    o.writeInt64(3, l);
                    o.writeEnum(20, 2);
                }
                case Float f -> {
                    o.writeFloat(2, f);
                    o.writeEnum(20, 1);
                }
                case String s -> {
                    o.writeBytes(4, ByteString.copyFromUtf8(s));
                    o.writeEnum(20, 3);
                }
                case long[] ints -> {
                    for (long v : ints) {
                        o.writeInt64(8, v);
                    }
                    o.writeEnum(20, 7);
                }
                default -> throw new IllegalArgumentException("unsupported attribute value " + a.value());
            }
        });
    }

    /** ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {value 1 | param 2}}}}}. */
    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        byte[] shape = message(s -> {
            for (Object d : dims) {
                s.writeByteArray(1, message(dim -> {
                    switch (d) {
                        case String param -> dim.writeString(2, param);
                        case Number n -> dim.writeInt64(1, n.longValue());
                        default -> throw new IllegalArgumentException("bad dim " + d);
                    }
                }));
            }
        });
        byte[] tensorType = message(t -> {
            t.writeInt32(1, elemType);
            t.writeByteArray(2, shape);
        });
        byte[] type = message(t -> t.writeByteArray(1, tensorType));
        return message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, type);
        });
    }
}
