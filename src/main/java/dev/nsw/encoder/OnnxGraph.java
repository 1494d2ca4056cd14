package dev.nsw.encoder;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal reader of an ONNX {@code ModelProto}: the graph's initializers (weights), its nodes and the
 * tensors held by {@code Constant} nodes; nothing else of the format is kept.
 *
 * <p>This is a hand-written protobuf wire parser (field numbers from {@code onnx.proto3}) so that no
 * generated ONNX classes are needed. Only float32 and int64 tensors are decoded; other data types keep
 * their dims but no values. External data (tensors stored beside the model file) is refused.
 *
 * <p>Sub-messages are read as views of the model's bytes (protobuf aliasing), not copies, and a tensor's
 * {@code raw_data} is decoded straight from that view: reading a model holds its bytes and its decoded
 * weights, not the several copies of each that plain {@code readBytes} would make.
 */
public final class OnnxGraph {

    /** ONNX {@code TensorProto.DataType} codes used here. */
    static final int FLOAT = 1;

    static final int INT64 = 7;

    /** One tensor: name, dims (row-major) and values as float32 or int64, whichever the data type holds. */
    public record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        /** Number of elements, the product of {@link #dims()}. */
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(dims) + " type " + dataType;
        }
    }

    /** One graph node: its name, operator type, input and output value names, and tensor attributes. */
    public record Node(
            String name,
            String opType,
            List<String> inputs,
            List<String> outputs,
            Map<String, Tensor> tensorAttributes) {}

    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;

    private OnnxGraph(Map<String, Tensor> initializers, List<Node> nodes) {
        this.initializers = initializers;
        this.nodes = nodes;
    }

    /** Reads a whole ONNX model from the stream (the stream is not closed). */
    public static OnnxGraph read(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return parse(bytes);
    }

    /** Parses the bytes of an ONNX {@code ModelProto}. */
    public static OnnxGraph parse(byte[] bytes) throws IOException {
        // an immutable wrap: with aliasing on, sub-messages are then views of these bytes, never copies
        CodedInputStream model = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        model.enableAliasing(true);
        model.setSizeLimit(Integer.MAX_VALUE);
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        boolean sawGraph = false;
        for (int tag; (tag = model.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 7 && wireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                sawGraph = true;
                parseGraph(sub(model), initializers, nodes);
            } else {
                model.skipField(tag);
            }
        }
        if (!sawGraph) {
            throw new IOException(
                    "not an ONNX model: no graph (ModelProto field 7) found in " + bytes.length + " bytes");
        }
        return new OnnxGraph(initializers, nodes);
    }

    private static int wireType(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    private static void parseGraph(CodedInputStream graph, Map<String, Tensor> initializers, List<Node> nodes)
            throws IOException {
        for (int tag; (tag = graph.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(parseNode(sub(graph)));
                case 5 -> {
                    Tensor t = parseTensor(sub(graph));
                    initializers.put(t.name(), t);
                }
                default -> graph.skipField(tag);
            }
        }
    }

    /** The next length-delimited field as a stream over a view of the same bytes (no copy). */
    private static CodedInputStream sub(CodedInputStream in) throws IOException {
        CodedInputStream s = in.readBytes().newCodedInput();
        s.enableAliasing(true);
        s.setSizeLimit(Integer.MAX_VALUE);
        return s;
    }

    private static Node parseNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Tensor> attributes = new LinkedHashMap<>();
        String name = "";
        String opType = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readStringRequireUtf8());
                case 2 -> outputs.add(in.readStringRequireUtf8());
                case 3 -> name = in.readStringRequireUtf8();
                case 4 -> opType = in.readStringRequireUtf8();
                case 5 -> parseAttribute(sub(in), attributes);
                default -> in.skipField(tag);
            }
        }
        return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs), attributes);
    }

    /** Keeps only tensor-valued attributes ({@code AttributeProto.t}, field 5), e.g. a Constant's value. */
    private static void parseAttribute(CodedInputStream in, Map<String, Tensor> out) throws IOException {
        String name = "";
        Tensor tensor = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 5 -> tensor = parseTensor(sub(in));
                default -> in.skipField(tag);
            }
        }
        if (tensor != null) {
            out.put(name, tensor);
        }
    }

    private static Tensor parseTensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null; // a read-only view of the model's bytes
        float[] floatData = new float[0];
        int nFloat = 0;
        long[] int64Data = new long[0];
        int nLong = 0;
        boolean external = false;
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = wireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1 -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> dataType = in.readInt32();
                case 4 -> {
                    if (packed) {
                        int len = in.readRawVarint32();
                        int limit = in.pushLimit(len);
                        floatData = Arrays.copyOf(floatData, Math.max(nFloat + len / 4, 4));
                        while (in.getBytesUntilLimit() > 0) {
                            floatData[nFloat++] = in.readFloat();
                        }
                        in.popLimit(limit);
                    } else {
                        floatData = Arrays.copyOf(floatData, nFloat + 1);
                        floatData[nFloat++] = in.readFloat();
                    }
                }
                case 7 -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            if (nLong == int64Data.length) {
                                int64Data = Arrays.copyOf(int64Data, Math.max(4, nLong * 2));
                            }
                            int64Data[nLong++] = in.readInt64();
                        }
                        in.popLimit(limit);
                    } else {
                        int64Data = Arrays.copyOf(int64Data, nLong + 1);
                        int64Data[nLong++] = in.readInt64();
                    }
                }
                case 8 -> name = in.readStringRequireUtf8();
                case 9 -> raw = in.readBytes().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                case 13 -> {
                    external = true;
                    in.skipField(tag);
                }
                case 14 -> external |= in.readEnum() == 1;
                default -> in.skipField(tag);
            }
        }
        if (external) {
            throw new IOException("ONNX tensor '" + name + "' uses external data, which is not supported");
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        float[] floats = null;
        long[] longs = null;
        if (dataType == FLOAT) {
            if (raw != null) {
                floats = new float[raw.remaining() / 4];
                raw.asFloatBuffer().get(floats);
            } else {
                floats = Arrays.copyOf(floatData, nFloat);
            }
        } else if (dataType == INT64) {
            if (raw != null) {
                longs = new long[raw.remaining() / 8];
                raw.asLongBuffer().get(longs);
            } else {
                longs = Arrays.copyOf(int64Data, nLong);
            }
        }
        return new Tensor(name, d, dataType, floats, longs);
    }

    /** Initializers (stored weights and constants) by name, in file order. */
    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Graph nodes in file (topological) order. */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * The constant value of a graph value name: an initializer, or the output of a {@code Constant} node;
     * {@code null} when the value is computed at run time.
     */
    public Tensor constant(String valueName) {
        Tensor t = initializers.get(valueName);
        if (t != null) {
            return t;
        }
        for (Node n : nodes) {
            if (n.opType().equals("Constant") && n.outputs().contains(valueName)) {
                return n.tensorAttributes().get("value");
            }
        }
        return null;
    }
}
