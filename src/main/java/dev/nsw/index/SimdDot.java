package dev.nsw.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner product with the incubating Vector API ({@code jdk.incubator.vector}). Only loaded after
 * {@link Vectors#SIMD_AVAILABLE} confirmed that the module is present, so that the rest of the package
 * still works (with the scalar loop) when the JVM was started without {@code --add-modules}.
 *
 * <p><b>Deterministic.</b> Every addition happens in an order written out here, so the same vectors give the
 * same float bits in the interpreter, in C1 and after C2 has compiled the loop: exact search ranks near-tied
 * documents the same before and after warm-up. ({@code reduceLanes(ADD)} would not do: its addition order is
 * unspecified, and the interpreter's sequential sum and C2's tree differ in the last bit.) With {@code L} lanes:
 *
 * <ol>
 *   <li>two accumulators {@code acc0}, {@code acc1} take alternate blocks of {@code L} floats with lane-wise
 *       fused multiply-adds (each lane {@code j} of {@code acc0} sums {@code a[i+j]·b[i+j]} over the blocks
 *       {@code i = 0, 2L, 4L, …} in that order; {@code acc1} the blocks {@code L, 3L, …});
 *   <li>{@code acc = acc0 + acc1} lane-wise, then one more block of {@code L} if one is left, fused into it;
 *   <li>a halving tree: for {@code h = L/2, L/4, …, 1}: lane {@code j} += lane {@code j + h}, leaving the sum in
 *       lane 0 ({@link #treeSum} is the same tree over an array);
 *   <li>the last {@code length mod L} products fused into that sum one by one, in index order.
 * </ol>
 *
 * Lane-wise adds and FMAs are exactly rounded IEEE operations in every execution mode, so only the order
 * matters; {@code DeterministicDotTest} checks the result bit for bit against a scalar loop written in this
 * order, in the interpreter and after warm-up.
 */
final class SimdDot {
    /** The machine's preferred width, at most 512 bits (16 lanes: the halving tree below has four steps). */
    private static final VectorSpecies<Float> SPECIES =
            FloatVector.SPECIES_PREFERRED.length() <= 16 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    // The halving tree's steps: lane j takes lane (j + h) mod L. One constant field each (not an array), so that C2
    // sees a constant shuffle and emits one permute; a step wider than the species is null and skipped.
    private static final VectorShuffle<Float> ROTATE_8 = rotation(8);
    private static final VectorShuffle<Float> ROTATE_4 = rotation(4);
    private static final VectorShuffle<Float> ROTATE_2 = rotation(2);
    private static final VectorShuffle<Float> ROTATE_1 = rotation(1);

    private SimdDot() {}

    static String species() {
        return SPECIES.toString();
    }

    /** Lanes of the vectors used ({@code L} above). */
    static int lanes() {
        return SPECIES.length();
    }

    /** {@code sum(a[aOff + i] * b[bOff + i])} for {@code i < length}, with fused multiply-adds, in the fixed order above. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int length) {
        int lanes = SPECIES.length();
        int upper = SPECIES.loopBound(length);
        int i = 0;
        float sum = 0f;
        if (upper > 0) {
            FloatVector acc;
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
                acc = acc0.add(acc1);
            } else {
                acc = FloatVector.zero(SPECIES);
            }
            for (; i < upper; i += lanes) {
                acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
            }
            // the halving tree, h = L/2 … 1 (L is 16, 8, 4 or 2: a constant, so the untaken steps fold away)
            if (lanes == 16) {
                acc = acc.add(acc.rearrange(ROTATE_8));
            }
            if (lanes >= 8) {
                acc = acc.add(acc.rearrange(ROTATE_4));
            }
            if (lanes >= 4) {
                acc = acc.add(acc.rearrange(ROTATE_2));
            }
            acc = acc.add(acc.rearrange(ROTATE_1));
            sum = acc.lane(0);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /**
     * Step 3 above over an array of {@code L} partial sums (a power of two): for {@code h = L/2 … 1},
     * {@code x[j] += x[j + h]} for {@code j < h}; returns {@code x[0]}. Changes {@code x}.
     */
    static float treeSum(float[] x) {
        for (int h = x.length / 2; h >= 1; h /= 2) {
            for (int j = 0; j < h; j++) {
                x[j] = x[j] + x[j + h];
            }
        }
        return x[0];
    }

    /** Rotation by {@code h} lanes, or null when {@code h} is not below the species' half. */
    private static VectorShuffle<Float> rotation(int h) {
        return 2 * h <= SPECIES.length() ? VectorShuffle.iota(SPECIES, h, 1, true) : null;
    }
}
