package dev.nsw.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The id of what maps text to vectors, {@code sha256:} + 24 hex digits: SHA-256 over the configuration JSON
 * (projection included), the tokenizer JSON, and every parameter's name, shape and float32 values
 * (little-endian), in {@link EncoderBlock#namedParameters()} order. Indexes, embedding caches and exports
 * record it, so vectors of one model are never mixed with another's: a changed byte is a different model.
 * Inference at another precision than fp32 has its own id, this one qualified by {@link Precision#qualify}.
 */
public final class ModelId {
    private static final int CHUNK = 16_384;

    private ModelId() {}

    public static String of(BertConfig config, String tokenizerJson, Map<String, Parameter> parameters) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
        md.update(config.toJson().getBytes(StandardCharsets.UTF_8));
        md.update(tokenizerJson.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray a = e.getValue().getArray();
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update(a.getShape().toString().getBytes(StandardCharsets.UTF_8));
            // a view of the tensor's own memory, hashed little-endian through a small buffer: no copy on the heap
            FloatBuffer f = a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            while (f.hasRemaining()) {
                int n = Math.min(CHUNK, f.remaining());
                chunk.clear();
                chunk.asFloatBuffer().put(f.slice(f.position(), n));
                f.position(f.position() + n);
                md.update(chunk.array(), 0, n * 4);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest(), 0, 12);
    }
}
