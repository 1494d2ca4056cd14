package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Symmetric per-output-channel int8 quantization (7-bit magnitudes), checked by hand and against its error bound. */
class QuantizedWeightTest {

    @Test
    void handExample() {
        // W [out 2, in 3]; row 0: max |w| = 63 → s = 63/63 = 1 (exact in float); row 1 all zero → s = 1, q = 0
        float[] w = {31.5f, -63f, 15.75f, 0, 0, 0};
        QuantizedWeight q = QuantizedWeight.of(w, 2, 3);
        assertThat(q.scales()).containsExactly(1f, 1f);
        // 31.5 → 32 (half to even), −63, 15.75 → 16; stored [in, out]
        assertThat(q.transposed()).containsExactly(32, 0, -63, 0, 16, 0);
        assertThat(q.dequantized()[1]).isEqualTo(-63f);
        // another scale: max |w| = 0.63 → s = 0.01, and 0.3 → 30
        assertThat(QuantizedWeight.of(new float[] {0.3f, 0.63f}, 1, 2).transposed())
                .containsExactly(30, 63);
    }

    @Test
    void errorIsAtMostHalfAStepPerChannelAndTwoProductsFitASaturatingInt16() {
        Random r = new Random(3);
        int out = 17;
        int in = 29;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * (1 + i % out)); // channels of very different ranges
        }
        QuantizedWeight q = QuantizedWeight.of(w, out, in);
        float[] back = q.dequantized();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertThat(Math.abs(back[o * in + i] - w[o * in + i])).isLessThanOrEqualTo(q.scales()[o] / 2 * 1.0001f);
            }
        }
        for (byte b : q.transposed()) {
            assertThat((int) b).isBetween(-QuantizedWeight.LEVELS, QuantizedWeight.LEVELS);
        }
        // a CPU without VNNI sums two u8 activation · s8 weight products into an int16 that saturates (VPMADDUBSW):
        // at 127 levels 255 · 127 · 2 = 64,770 overflowed it (bge-small-zh int8: min cosine 0.78 on an AMD EPYC)
        assertThat(255 * QuantizedWeight.LEVELS * 2).isLessThanOrEqualTo(Short.MAX_VALUE);
    }
}
