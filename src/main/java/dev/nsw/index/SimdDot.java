package dev.nsw.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner product with the incubating Vector API ({@code jdk.incubator.vector}). Only loaded after
 * {@link Vectors#SIMD_AVAILABLE} confirmed that the module is present, so that the rest of the package
 * still works (with the scalar loop) when the JVM was started without {@code --add-modules}.
 */
final class SimdDot {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private SimdDot() {}

    static String species() {
        return SPECIES.toString();
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
            sum = acc.reduceLanes(VectorOperators.ADD);
        } else {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }
}
