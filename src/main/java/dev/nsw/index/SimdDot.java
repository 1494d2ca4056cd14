package dev.nsw.index;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner product with the incubating Vector API ({@code jdk.incubator.vector}). Only loaded after
 * {@link Vectors#SIMD_AVAILABLE} confirmed that the module is present, so that the rest of the package
 * still works (with the scalar loop) when the JVM was started without {@code --add-modules}.
 */
final class SimdDot {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /**
     * Shuffles for {@link #sumLanes}: step s moves lane {@code i + h} onto lane {@code i}, {@code h = lanes / 2^(s+1)}.
     */
    private static final VectorShuffle<Float>[] HALVES = halves();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int lanes = SPECIES.length();
        int steps = Integer.numberOfTrailingZeros(lanes);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int s = 0, h = lanes / 2; s < steps; s++, h /= 2) {
            int half = h;
            out[s] = VectorShuffle.fromOp(SPECIES, i -> (i + half) % lanes);
        }
        return out;
    }

    /**
     * The sum of the lanes in a fixed pairwise order. Not {@code reduceLanes(ADD)}: its float order is unspecified,
     * and the compiled and the interpreted code do differ, so one dot product came out one ulp apart depending on
     * whether the JIT had compiled the loop yet (an exact search scored the same vector two ways, and the parallel
     * and one-thread scans disagreed in the last digit). Lane-wise adds are exact the same way in every tier.
     */
    private static float sumLanes(FloatVector acc) {
        FloatVector v = acc;
        for (VectorShuffle<Float> shuffle : HALVES) {
            v = v.add(v.rearrange(shuffle));
        }
        return v.lane(0);
    }

    private SimdDot() {}

    static String species() {
        return SPECIES.toString();
    }

    /** The lanes of one vector (what {@link #dot} sums in parallel). */
    static int lanes() {
        return SPECIES.length();
    }

    /**
     * {@link #sumLanes}'s order as a plain loop, for checking it: x[j] += x[j + h] for h = L/2 … 1, then x[0].
     * Lane j of a rotation by h reads lane (j + h) mod L, so lane 0 follows exactly this sequence. Overwrites x.
     */
    static float treeSum(float[] x) {
        for (int h = x.length / 2; h >= 1; h /= 2) {
            for (int j = 0; j < h; j++) {
                x[j] = x[j] + x[j + h];
            }
        }
        return x[0];
    }

    /** {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < length}, with fused multiply-adds. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int length) {
        int lanes = SPECIES.length();
        int upper = SPECIES.loopBound(length);
        int i = 0;
        float sum;
        if (upper >= 2 * lanes) {
            // Two accumulators hide the FMA latency.
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            int upper2 = length - length % (2 * lanes);
            for (; i < upper2; i += 2 * lanes) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOff + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, aOff + i + lanes)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i + lanes), acc1);
            }
            FloatVector acc = acc0.add(acc1);
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
            }
            sum = sumLanes(acc);
        } else {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
            }
            sum = sumLanes(acc);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /**
     * {@link #dot(float[], int, float[], int, int)} with {@code b} read from little-endian floats at byte
     * {@code bOff} of a (memory-mapped) segment: the same lanes, accumulators and order, so the same bits.
     */
    static float dot(float[] a, MemorySegment b, long bOff, int length) {
        int lanes = SPECIES.length();
        int upper = SPECIES.loopBound(length);
        int i = 0;
        float sum;
        if (upper >= 2 * lanes) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            int upper2 = length - length % (2 * lanes);
            for (; i < upper2; i += 2 * lanes) {
                acc0 = FloatVector.fromArray(SPECIES, a, i).fma(load(b, bOff, i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, i + lanes).fma(load(b, bOff, i + lanes), acc1);
            }
            FloatVector acc = acc0.add(acc1);
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, i).fma(load(b, bOff, i), acc);
            }
            sum = sumLanes(acc);
        } else {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, i).fma(load(b, bOff, i), acc);
            }
            sum = sumLanes(acc);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[i], b.get(MappedVectors.LE_FLOAT, bOff + 4L * i), sum);
        }
        return sum;
    }

    private static FloatVector load(MemorySegment b, long bOff, int i) {
        return FloatVector.fromMemorySegment(SPECIES, b, bOff + 4L * i, ByteOrder.LITTLE_ENDIAN);
    }
}
