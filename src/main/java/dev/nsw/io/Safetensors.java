package dev.nsw.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name → {dtype, shape, data_offsets}}), then the raw little-endian tensor data.
 *
 * <p>Reading accepts F32, F16 and BF16 (converted to float32); writing always uses F32.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** Reads every tensor of the file, in header order, as float32. */
    public static Map<String, NamedTensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": too short for a safetensors file (" + size + " bytes)");
            }
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            buf.order(ByteOrder.LITTLE_ENDIAN);
            long headerLen = buf.getLong(0);
            if (headerLen <= 0 || headerLen > size - 8) {
                throw new IOException(file + ": bad safetensors header length " + headerLen);
            }
            byte[] header = new byte[(int) headerLen];
            buf.get(8, header);
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (JacksonException e) {
                throw new IOException(file + ": safetensors header is not valid JSON: " + JsonErrors.describe(e), e);
            }
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            Map<String, NamedTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), buf, dataStart, size));
            }
            return out;
        }
    }

    private static NamedTensor readTensor(
            Path file, String name, JsonNode info, ByteBuffer buf, long dataStart, long fileSize) throws IOException {
        String dtype = info.path("dtype").asText();
        JsonNode shapeNode = info.path("shape");
        long[] shape = new long[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            if (shape[i] < 0) {
                throw new IOException(file + ": tensor '" + name + "' has a negative dimension " + shape[i]);
            }
            try {
                n = Math.multiplyExact(n, shape[i]);
            } catch (ArithmeticException e) {
                throw new IOException(
                        file + ": tensor '" + name + "' has a shape whose size overflows (corrupt or crafted file)");
            }
        }
        long begin = dataStart + info.path("data_offsets").path(0).asLong();
        long end = dataStart + info.path("data_offsets").path(1).asLong();
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default ->
                throw new IOException(file + ": tensor '" + name + "' has unsupported dtype " + dtype
                        + " (supported: F32, F16, BF16)");
        };
        if (end > fileSize || begin > end || end - begin != n * width) {
            throw new IOException(file + ": tensor '" + name + "' data range [" + begin + ", " + end
                    + ") does not fit shape " + Arrays.toString(shape) + " of " + dtype);
        }
        float[] data = new float[(int) n];
        ByteBuffer slice = buf.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "F32" -> slice.asFloatBuffer().get(data);
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = Float.float16ToFloat(slice.getShort(2 * i));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    data[i] = Float.intBitsToFloat((slice.getShort(2 * i) & 0xffff) << 16);
                }
            }
        }
        return new NamedTensor(name, shape, data);
    }

    /** Writes the tensors (in map order) as F32 to {@code file}. */
    public static void write(Path file, Map<String, NamedTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (NamedTensor t : tensors.values()) {
            ObjectNode info = header.putObject(t.name());
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long bytes = 4L * t.data().length;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (NamedTensor t : tensors.values()) {
                for (float f : t.data()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(f);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }
}
