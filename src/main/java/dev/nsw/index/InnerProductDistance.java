package dev.nsw.index;

import com.github.jelmerk.hnswlib.core.DistanceFunction;

/**
 * hnswlib distance for L2-normalised vectors: {@code 1 - dot(u, v)}, so that smaller is closer as
 * hnswlib requires; {@code score = 1 - distance} turns it back into the cosine similarity.
 *
 * <p>{@link #VECTOR_API} uses the Vector API kernel (roughly twice as fast as hnswlib's scalar
 * {@code FLOAT_INNER_PRODUCT} on AVX2/AVX-512 machines) and silently falls back to the scalar loop when
 * {@code jdk.incubator.vector} is not present. This class is stored inside saved HNSW files (hnswlib
 * serialises its distance function), so its name and fields are part of the file format.
 */
public final class InnerProductDistance implements DistanceFunction<float[], Float> {
    private static final long serialVersionUID = 1L;

    /** Vector API kernel (scalar fallback when the module is missing). */
    public static final InnerProductDistance VECTOR_API = new InnerProductDistance(true);
    /** Plain Java loop. */
    public static final InnerProductDistance SCALAR = new InnerProductDistance(false);

    private final boolean simd;

    private InnerProductDistance(boolean simd) {
        this.simd = simd;
    }

    /** Whether this instance asks for the Vector API kernel. */
    public boolean simd() {
        return simd;
    }

    @Override
    public Float distance(float[] u, float[] v) {
        int n = u.length;
        float dot = simd && Vectors.SIMD_AVAILABLE ? SimdDot.dot(u, 0, v, 0, n) : Vectors.dotScalar(u, 0, v, 0, n);
        return 1f - dot;
    }

    private Object readResolve() {
        return simd ? VECTOR_API : SCALAR;
    }

    @Override
    public String toString() {
        return simd ? "inner-product (Vector API)" : "inner-product (scalar)";
    }
}
