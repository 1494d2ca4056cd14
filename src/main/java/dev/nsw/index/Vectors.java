package dev.nsw.index;

/**
 * Small float-vector kernels shared by the indexes: inner product (Vector API with a scalar fallback)
 * and L2 normalisation.
 */
public final class Vectors {
    /** Whether the {@code jdk.incubator.vector} module is in the boot layer (JVM started with {@code --add-modules}). */
    public static final boolean SIMD_AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && !Boolean.getBoolean("nsw.noSimd");

    private Vectors() {}

    /** A short description of the kernel in use, e.g. {@code "Vector API Species[float, 16, S_512_BIT]"}. */
    public static String kernel() {
        return SIMD_AVAILABLE ? "Vector API " + SimdDot.species() : "scalar";
    }

    /** Inner product {@code sum(a[i] * b[i])}, with the Vector API when available. */
    public static float dot(float[] a, float[] b) {
        requireSameLength(a, b);
        return SIMD_AVAILABLE ? SimdDot.dot(a, 0, b, 0, a.length) : dotScalar(a, 0, b, 0, a.length);
    }

    /** Inner product of {@code a[aOff, aOff + length)} and {@code b[bOff, bOff + length)}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int length) {
        return SIMD_AVAILABLE ? SimdDot.dot(a, aOff, b, bOff, length) : dotScalar(a, aOff, b, bOff, length);
    }

    /** Inner product with a plain loop (four partial sums so that the JIT can pipeline it). */
    public static float dotScalar(float[] a, float[] b) {
        requireSameLength(a, b);
        return dotScalar(a, 0, b, 0, a.length);
    }

    static float dotScalar(float[] a, int aOff, float[] b, int bOff, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int upper = length - 3; i < upper; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The smallest row-wise dot product of two matrices of unit rows, {@code min_i a[i]·b[i]}: the worst
     * cosine between two encoders' embeddings of the same texts (parity checks, export checks).
     */
    public static double minRowCosine(float[][] a, float[][] b) {
        double min = 1;
        for (double dot : rowCosines(a, b)) {
            min = Math.min(min, dot);
        }
        return min;
    }

    /** The row-wise dot products {@code a[i]·b[i]} of two matrices of unit rows: the cosine of each pair of rows. */
    public static double[] rowCosines(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("row counts differ: " + a.length + " vs " + b.length);
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double dot = 0;
            for (int j = 0; j < a[i].length; j++) {
                dot += (double) a[i][j] * b[i][j];
            }
            out[i] = dot;
        }
        return out;
    }

    /** Euclidean length of {@code v}. */
    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * Returns {@code v} scaled to unit length: {@code v} itself when it already is (within 1e-4), else a
     * new array.
     *
     * @throws IllegalArgumentException if {@code v} is all zeros or holds NaN/infinity
     */
    public static float[] normalized(float[] v) {
        double n = norm(v);
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("cannot normalise a vector of length " + n);
        }
        if (Math.abs(n - 1.0) <= 1e-4) {
            return v;
        }
        float[] out = new float[v.length];
        float inv = (float) (1.0 / n);
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    /** Scales {@code v} to unit length in place and returns it. */
    public static float[] normalizeInPlace(float[] v) {
        double n = norm(v);
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("cannot normalise a vector of length " + n);
        }
        float inv = (float) (1.0 / n);
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
    }
}
