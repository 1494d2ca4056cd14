package dev.nsw.encoder;

import java.nio.FloatBuffer;
import java.util.function.Supplier;

/**
 * A Linear weight W [out, in] quantized symmetrically to int8 with 7 bits of magnitude, one scale per output
 * channel:
 * <pre>
 *   s[o] = max_i |W[o, i]| / 63        (1 where a row is all zero)
 *   q[o, i] = round(W[o, i] / s[o]) ∈ [−63, 63]      (round half to even)
 * </pre>
 * so that {@code W[o, i] ≈ q[o, i] · s[o]}, with an error of at most {@code s[o] / 2}. −128 is never used, so
 * that the range is symmetric and a weight's zero point is 0. {@link #transposed()} holds q as [in, out]
 * (row i, column o), the layout of ONNX {@code MatMulInteger}'s B input.
 *
 * @param transposed q as [in, out], row-major
 * @param scales s [out]
 */
public record QuantizedWeight(byte[] transposed, float[] scales) {

    /**
     * Largest magnitude of a quantized weight: 63, not 127, so that ONNX Runtime's u8 × s8 kernel on a CPU without
     * VNNI (which sums two u8 · s8 products into a saturating int16) cannot overflow: 255 · 63 · 2 = 32,130 ≤ 32,767
     * ({@link OnnxExport}).
     */
    public static final int LEVELS = 63;

    /** Quantizes W [out, in] (row-major). */
    public static QuantizedWeight of(float[] weight, int out, int in) {
        return of(FloatBuffer.wrap(weight), out, in);
    }

    /** Quantizes W [out, in] (row-major, read by absolute gets from index 0: it may be outside the heap). */
    public static QuantizedWeight of(FloatBuffer weight, int out, int in) {
        if ((long) out * in != weight.limit()) {
            throw new IllegalArgumentException("weight has " + weight.limit() + " values, not " + out + " x " + in);
        }
        byte[] q = new byte[weight.limit()];
        float[] scales = new float[out];
        for (int o = 0; o < out; o++) {
            float max = 0;
            for (int i = 0; i < in; i++) {
                max = Math.max(max, Math.abs(weight.get(o * in + i)));
            }
            float s = max > 0 ? max / LEVELS : 1f;
            scales[o] = s;
            for (int i = 0; i < in; i++) {
                long v = Math.round(Math.rint(weight.get(o * in + i) / s));
                q[i * out + o] = (byte) Math.max(-LEVELS, Math.min(LEVELS, v));
            }
        }
        return new QuantizedWeight(q, scales);
    }

    /** The weight the quantized values stand for, W'[o, i] = q[o, i] · s[o], as [out, in]. */
    public float[] dequantized() {
        int out = scales.length;
        int in = transposed.length / out;
        float[] w = new float[transposed.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = transposed[i * out + o] * scales[o];
            }
        }
        return w;
    }

    /**
     * A quantization computed at its first use and dropped after {@link #release()}: the weight and its
     * scales are two tensors of the graph, written one after the other from one quantization.
     */
    static final class Once {
        private final Supplier<QuantizedWeight> compute;
        private QuantizedWeight value;

        Once(Supplier<QuantizedWeight> compute) {
            this.compute = compute;
        }

        QuantizedWeight get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }

        void release() {
            value = null;
        }
    }
}
