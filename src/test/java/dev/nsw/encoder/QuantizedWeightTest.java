package dev.nsw.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Symmetric per-output-channel int8 quantization, checked by hand and against its error bound. */
class QuantizedWeightTest {

    @Test
    void handExample() {
        // W [out 2, in 3]; row 0: max |w| = 1 → s = 1/127; row 1 all zero → s = 1, q = 0
        float[] w = {0.5f, -1.0f, 0.25f, 0, 0, 0};
        QuantizedWeight q = QuantizedWeight.of(w, 2, 3);
        assertThat(q.scales()).containsExactly(1f / 127, 1f);
        // 0.5 · 127 = 63.5 → 64 (half to even), −127, 0.25 · 127 = 31.75 → 32; stored [in, out]
        assertThat(q.transposed()).containsExactly(64, 0, -127, 0, 32, 0);
        assertThat(q.dequantized()[1]).isEqualTo(-1f);
    }

    @Test
    void errorIsAtMostHalfAStepPerChannelAndMinus128IsNeverUsed() {
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
            assertThat((int) b).isBetween(-127, 127);
        }
    }
}
