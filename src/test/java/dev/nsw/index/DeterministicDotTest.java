package dev.nsw.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Vector API inner product gives the same float bits in the interpreter and after the JIT compiled it, and
 * those bits are the ones of a plain loop written in {@link SimdDot}'s documented order: exact search cannot swap
 * two near-tied documents between a cold and a warm run.
 */
class DeterministicDotTest {
    /** Vector pairs per check: odd and even lengths from 1 to 700 (tails of every size, several blocks). */
    static final int CASES = 1500;

    @Test
    void warmVectorApiDotEqualsTheFixedOrderLoopBitForBit() {
        List<Integer> expected = reference(CASES);
        // warm-up: enough calls on the same sizes for C2 to compile the kernel with its vector intrinsics
        float[][] pairs = pairsForWarmUp();
        float sink = 0;
        for (int r = 0; r < 400; r++) {
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                sink += SimdDot.dot(pairs[i], 0, pairs[i + 1], 0, pairs[i].length);
            }
        }
        assertThat(sink).isNotNaN();
        assertThat(simd(CASES))
                .as("warm Vector API kernel vs the fixed-order loop")
                .isEqualTo(expected);
    }

    @Test
    void interpretedVectorApiDotEqualsTheFixedOrderLoopBitForBit() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int cases = 300; // the interpreter runs the Vector API's Java fallback, slowly
        Process child = new ProcessBuilder(
                        java,
                        "-Xint",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        classPath,
                        DeterministicDotTest.class.getName(),
                        Integer.toString(cases))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        List<Integer> interpreted = lines.stream()
                .filter(l -> !l.startsWith("WARNING"))
                .map(l -> Integer.parseUnsignedInt(l, 16))
                .toList();
        assertThat(interpreted)
                .as("interpreted (-Xint) Vector API kernel vs the fixed-order loop")
                .isEqualTo(reference(cases));
        assertThat(interpreted).as("interpreted vs compiled in this JVM").isEqualTo(simd(cases));
    }

    @Test
    void treeSumIsTheDocumentedHalving() {
        float[] x = {1e8f, 1f, -1e8f, 1f};
        // (1e8 + -1e8) + (1 + 1) = 2, where a left-to-right sum gives 1
        assertThat(SimdDot.treeSum(x.clone())).isEqualTo(2f);
    }

    /** Run by the interpreted child JVM: prints the kernel's bits of the first {@code args[0]} cases, one per line. */
    public static void main(String[] args) {
        for (int bits : simd(Integer.parseInt(args[0]))) {
            System.out.println(Integer.toHexString(bits));
        }
    }

    private static List<Integer> simd(int cases) {
        List<Integer> out = new ArrayList<>(cases);
        SplittableRandom r = new SplittableRandom(11);
        for (int c = 0; c < cases; c++) {
            Case k = Case.next(r, c);
            out.add(Float.floatToRawIntBits(SimdDot.dot(k.a, k.aOff, k.b, k.bOff, k.length)));
        }
        return out;
    }

    private static List<Integer> reference(int cases) {
        List<Integer> out = new ArrayList<>(cases);
        SplittableRandom r = new SplittableRandom(11);
        for (int c = 0; c < cases; c++) {
            Case k = Case.next(r, c);
            out.add(Float.floatToRawIntBits(fixedOrder(k.a, k.aOff, k.b, k.bOff, k.length, SimdDot.lanes())));
        }
        return out;
    }

    /**
     * {@link SimdDot#dot}'s order written as plain loops over {@code lanes} partial sums: two accumulators over
     * alternate blocks, their lane-wise sum, one block more, the halving tree, then the tail in index order.
     */
    static float fixedOrder(float[] a, int aOff, float[] b, int bOff, int length, int lanes) {
        int upper = length - length % lanes;
        int i = 0;
        float sum = 0f;
        if (upper > 0) {
            float[] acc = new float[lanes];
            if (upper >= 2 * lanes) {
                float[] acc0 = new float[lanes];
                float[] acc1 = new float[lanes];
                int upper2 = length - length % (2 * lanes);
                for (; i < upper2; i += 2 * lanes) {
                    for (int j = 0; j < lanes; j++) {
                        acc0[j] = Math.fma(a[aOff + i + j], b[bOff + i + j], acc0[j]);
                        acc1[j] = Math.fma(a[aOff + i + lanes + j], b[bOff + i + lanes + j], acc1[j]);
                    }
                }
                for (int j = 0; j < lanes; j++) {
                    acc[j] = acc0[j] + acc1[j];
                }
            }
            for (; i < upper; i += lanes) {
                for (int j = 0; j < lanes; j++) {
                    acc[j] = Math.fma(a[aOff + i + j], b[bOff + i + j], acc[j]);
                }
            }
            sum = SimdDot.treeSum(acc);
        }
        for (; i < length; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    private static float[][] pairsForWarmUp() {
        SplittableRandom r = new SplittableRandom(11);
        float[][] out = new float[2 * 64][];
        for (int c = 0; c < 64; c++) {
            Case k = Case.next(r, c);
            out[2 * c] = java.util.Arrays.copyOfRange(k.a, k.aOff, k.aOff + k.length);
            out[2 * c + 1] = java.util.Arrays.copyOfRange(k.b, k.bOff, k.bOff + k.length);
        }
        return out;
    }

    /** One seeded pair: lengths cycle through odd and even sizes up to 700, offsets 0–3, values of mixed magnitude. */
    private record Case(float[] a, int aOff, float[] b, int bOff, int length) {
        static Case next(SplittableRandom r, int c) {
            int length = 1 + (c * 37 + r.nextInt(40)) % 700;
            int aOff = r.nextInt(4);
            int bOff = r.nextInt(4);
            float[] a = new float[length + aOff];
            float[] b = new float[length + bOff];
            for (int i = 0; i < length; i++) {
                // a wide range of magnitudes makes the order of additions show in the last bits
                a[aOff + i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
                b[bOff + i] = (float) r.nextGaussian();
            }
            return new Case(a, aOff, b, bOff, length);
        }
    }
}
