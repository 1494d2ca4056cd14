package dev.nsw.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The inner product of {@link Vectors#dot(float[], int, float[], int, int)} with the second vector read from a
 * memory-mapped {@code .npy} ({@link dev.nsw.io.NpyFile.Mapped}): the same kernel and summation order, so an
 * index searched over a mapped file scores every vector to the same bits as one searched on the heap.
 */
final class MappedVectors {
    static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MappedVectors() {}

    /** {@code sum(a[i] * b[bOff + 4i])} for {@code i < length}, {@code b} little-endian floats. */
    static float dot(float[] a, MemorySegment b, long bOff, int length) {
        return Vectors.SIMD_AVAILABLE ? SimdDot.dot(a, b, bOff, length) : dotScalar(a, b, bOff, length);
    }

    /** {@code Vectors.dotScalar}'s four partial sums, in its order. */
    private static float dotScalar(float[] a, MemorySegment b, long bOff, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int upper = length - 3; i < upper; i += 4) {
            s0 += a[i] * b.get(LE_FLOAT, bOff + 4L * i);
            s1 += a[i + 1] * b.get(LE_FLOAT, bOff + 4L * (i + 1));
            s2 += a[i + 2] * b.get(LE_FLOAT, bOff + 4L * (i + 2));
            s3 += a[i + 3] * b.get(LE_FLOAT, bOff + 4L * (i + 3));
        }
        for (; i < length; i++) {
            s0 += a[i] * b.get(LE_FLOAT, bOff + 4L * i);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The L2 norm of row {@code i} of a mapped {@code [n, d]} matrix, as {@link Vectors#norm} computes it. */
    static double norm(MemorySegment m, int i, int d) {
        double s = 0;
        long base = 4L * i * d;
        for (int j = 0; j < d; j++) {
            double x = m.get(LE_FLOAT, base + 4L * j);
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
