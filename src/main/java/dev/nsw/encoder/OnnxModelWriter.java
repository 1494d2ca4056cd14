package dev.nsw.encoder;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX {@code ModelProto} node by node and writes it as protobuf wire format — the writing twin of
 * {@link OnnxGraph}, with field numbers from {@code onnx.proto3}, so that no generated ONNX classes are
 * needed. Tensors are float32, int8 or int64, stored as little-endian {@code raw_data}; inputs and outputs are
 * declared with symbolic dimensions (e.g. {@code batch}, {@code sequence}) so the model takes any batch size
 * and sequence length.
 *
 * <p>Weights are streamed, not held: an initializer is a name, a shape and a {@link TensorData} that produces
 * its bytes when the model is written. Protobuf puts each message's length before it, so {@link #writeTo}
 * first adds up every message's size from the shapes alone, then writes the graph tensor by tensor; at most
 * one tensor's values are on the heap at a time (the largest, a word-embedding table, is 47 MB for
 * bge-small-en), where building the message in memory took about ten copies of the whole model.
 */
public final class OnnxModelWriter {

    /** ONNX {@code TensorProto.DataType} codes. */
    public static final int FLOAT = 1;

    public static final int UINT8 = 2;

    public static final int INT8 = 3;

    public static final int INT64 = 7;

    /** IR version 8 (ONNX 1.10+), which every ONNX Runtime since 1.10 reads; it allows opset 17. */
    static final long IR_VERSION = 8;

    private final int opset;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
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

    /**
     * Writes a tensor's values as little-endian bytes, exactly as many as its shape and type say; called once,
     * when the model is written (so the values need not exist before then).
     */
    @FunctionalInterface
    public interface TensorData {
        void write(CodedOutputStream out) throws IOException;
    }

    private record Initializer(String name, long[] dims, int dataType, long byteLength, TensorData data) {}

    /** Adds a float32 weight of the given shape (held until written: use {@link #lazyInitializer} for big ones). */
    public String initializer(String name, long[] dims, float[] values) {
        checkCount(name, dims, values.length);
        return lazyInitializer(name, dims, FLOAT, out -> writeFloats(out, values));
    }

    /** Adds an int64 constant of the given shape ({@code new long[0]} = a scalar). */
    public String initializer(String name, long[] dims, long[] values) {
        checkCount(name, dims, values.length);
        return lazyInitializer(name, dims, INT64, out -> {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            out.writeRawBytes(b.array());
        });
    }

    /**
     * Adds a tensor whose bytes {@code data} produces when the model is written: {@code dims}' product times
     * the size of {@code dataType} ({@link #FLOAT}, {@link #INT8}, {@link #UINT8} or {@link #INT64}).
     */
    public String lazyInitializer(String name, long[] dims, int dataType, TensorData data) {
        long count = 1;
        for (long d : dims) {
            count = Math.multiplyExact(count, d);
        }
        initializers.add(new Initializer(name, dims.clone(), dataType, count * elementSize(dataType), data));
        return name;
    }

    private static void checkCount(String name, long[] dims, int values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has " + values + " values for shape " + Arrays.toString(dims));
        }
    }

    private static int elementSize(int dataType) {
        return switch (dataType) {
            case FLOAT -> 4;
            case INT8, UINT8 -> 1;
            case INT64 -> 8;
            default -> throw new IllegalArgumentException("unsupported tensor data type " + dataType);
        };
    }

    /** Writes float32 values little-endian, through a small buffer (no copy of the whole array). */
    public static void writeFloats(CodedOutputStream out, float[] values) throws IOException {
        writeFloats(out, FloatBuffer.wrap(values));
    }

    /**
     * Writes all of {@code values} (from position 0, whatever its byte order or where its memory is)
     * little-endian, through a small buffer.
     */
    public static void writeFloats(CodedOutputStream out, FloatBuffer values) throws IOException {
        FloatBuffer source = values.duplicate().rewind();
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        while (source.hasRemaining()) {
            int n = Math.min(source.remaining(), b.capacity() / 4);
            b.clear();
            FloatBuffer chunk = source.slice(source.position(), n);
            b.asFloatBuffer().put(chunk);
            source.position(source.position() + n);
            out.writeRawBytes(b.array(), 0, n * 4);
        }
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

    /**
     * Writes the whole {@code ModelProto}, streaming each initializer's bytes from its {@link TensorData}.
     *
     * @throws IllegalStateException when a tensor's data wrote another number of bytes than its shape says
     */
    public void writeTo(OutputStream out, String graphName, String producerVersion) throws IOException {
        CodedOutputStream o = CodedOutputStream.newInstance(out, 1 << 16);
        write(o, graphName, producerVersion);
        o.flush();
    }

    /** The number of bytes {@link #writeTo} writes. */
    public long size(String graphName, String producerVersion) {
        return headerSize(producerVersion) + lengthDelimitedSize(7, graphSize(graphName)) + trailerSize();
    }

    /** The model as bytes (for an in-memory ONNX Runtime session): one array of exactly {@link #size}. */
    public byte[] toBytes(String graphName, String producerVersion) {
        long size = size(graphName, producerVersion);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the model is " + size + " bytes, too big for one array");
        }
        byte[] bytes = new byte[(int) size];
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            write(o, graphName, producerVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        o.checkNoSpaceLeft();
        return bytes;
    }

    private void write(CodedOutputStream o, String graphName, String producerVersion) throws IOException {
        o.writeInt64(1, IR_VERSION);
        o.writeString(2, "nsw");
        o.writeString(3, producerVersion);
        o.writeTag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(messageLength(graphSize(graphName)));
        for (byte[] n : nodes) {
            o.writeByteArray(1, n);
        }
        o.writeString(2, graphName);
        for (Initializer t : initializers) {
            o.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(messageLength(tensorSize(t)));
            writeTensorHeader(o, t);
            o.writeTag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(messageLength(t.byteLength()));
            int before = o.getTotalBytesWritten();
            t.data().write(o);
            long written = o.getTotalBytesWritten() - before;
            if (written != t.byteLength()) {
                throw new IllegalStateException("tensor '" + t.name() + "' wrote " + written + " bytes, its shape "
                        + Arrays.toString(t.dims()) + " needs " + t.byteLength());
            }
        }
        for (byte[] v : inputs) {
            o.writeByteArray(11, v);
        }
        for (byte[] v : outputs) {
            o.writeByteArray(12, v);
        }
        o.writeByteArray(8, opsetImport());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            o.writeByteArray(14, metadataEntry(e));
        }
    }

    private long headerSize(String producerVersion) {
        return CodedOutputStream.computeInt64Size(1, IR_VERSION)
                + CodedOutputStream.computeStringSize(2, "nsw")
                + CodedOutputStream.computeStringSize(3, producerVersion);
    }

    private long trailerSize() {
        long n = CodedOutputStream.computeByteArraySize(8, opsetImport());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            n += CodedOutputStream.computeByteArraySize(14, metadataEntry(e));
        }
        return n;
    }

    private long graphSize(String graphName) {
        long n = 0;
        for (byte[] node : nodes) {
            n += CodedOutputStream.computeByteArraySize(1, node);
        }
        n += CodedOutputStream.computeStringSize(2, graphName);
        for (Initializer t : initializers) {
            n += lengthDelimitedSize(5, tensorSize(t));
        }
        for (byte[] v : inputs) {
            n += CodedOutputStream.computeByteArraySize(11, v);
        }
        for (byte[] v : outputs) {
            n += CodedOutputStream.computeByteArraySize(12, v);
        }
        return n;
    }

    /** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
    private static long tensorSize(Initializer t) {
        long n = 0;
        for (long d : t.dims()) {
            n += CodedOutputStream.computeInt64Size(1, d);
        }
        n += CodedOutputStream.computeInt32Size(2, t.dataType());
        n += CodedOutputStream.computeStringSize(8, t.name());
        return n + lengthDelimitedSize(9, t.byteLength());
    }

    private static void writeTensorHeader(CodedOutputStream o, Initializer t) throws IOException {
        for (long d : t.dims()) {
            o.writeInt64(1, d);
        }
        o.writeInt32(2, t.dataType());
        o.writeString(8, t.name());
    }

    /** Tag + length varint + the bytes of a length-delimited field. */
    private static long lengthDelimitedSize(int field, long length) {
        return CodedOutputStream.computeTagSize(field)
                + CodedOutputStream.computeUInt32SizeNoTag(messageLength(length))
                + length;
    }

    /** Protobuf messages are at most 2 GB. */
    private static int messageLength(long length) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException("an ONNX message of " + length + " bytes exceeds protobuf's 2 GB limit");
        }
        return (int) length;
    }

    private byte[] opsetImport() {
        return message(op -> {
            op.writeString(1, "");
            op.writeInt64(2, opset);
        });
    }

    private static byte[] metadataEntry(Map.Entry<String, String> e) {
        return message(m -> {
            m.writeString(1, e.getKey());
            m.writeString(2, e.getValue());
        });
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
