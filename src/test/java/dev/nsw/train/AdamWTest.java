package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    @Test
    void firstStepMovesEachWeightByLearningRateAgainstTheGradientSign() {
        try (NDManager m = NDManager.newBaseManager();
                AdamW adam = new AdamW(m, 0f, n -> true)) {
            NDArray w = m.create(new float[] {1f, -2f, 3f});
            NDArray g = m.create(new float[] {0.5f, -4f, 0f});
            adam.step(Map.of("w", w), Map.of("w", g), 0.1);
            // t = 1: m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε) = ±lr (0 where g = 0)
            float[] after = w.toFloatArray();
            assertThat(after[0]).isCloseTo(0.9f, within(1e-5f));
            assertThat(after[1]).isCloseTo(-1.9f, within(1e-5f));
            assertThat(after[2]).isCloseTo(3f, within(1e-6f));
        }
    }

    @Test
    void weightDecayIsDecoupledAndSkipsBiases() {
        try (NDManager m = NDManager.newBaseManager();
                AdamW adam = new AdamW(m, 0.5f, AdamW::decaysByDefault)) {
            NDArray w = m.create(new float[] {2f});
            NDArray b = m.create(new float[] {2f});
            NDArray zero = m.create(new float[] {0f});
            adam.step(
                    Map.of("layer.weight", w, "layer.bias", b), Map.of("layer.weight", zero, "layer.bias", zero), 0.1);
            // zero gradient: only the decay acts on the weight: 2 − 0.1 · 0.5 · 2 = 1.9; the bias is untouched
            assertThat(w.getFloat()).isCloseTo(1.9f, within(1e-6f));
            assertThat(b.getFloat()).isEqualTo(2f);
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        try (NDManager m = NDManager.newBaseManager();
                AdamW a = new AdamW(m, 0.01f, n -> true);
                AdamW b = new AdamW(m, 0.01f, n -> true)) {
            NDArray wa = m.create(new float[] {1f, 2f});
            NDArray wb = m.create(new float[] {1f, 2f});
            NDArray g1 = m.create(new float[] {0.3f, -0.1f});
            NDArray g2 = m.create(new float[] {-0.2f, 0.4f});
            a.step(Map.of("w", wa), Map.of("w", g1), 0.01);
            b.step(Map.of("w", wb), Map.of("w", g1), 0.01);
            AdamW resumed = new AdamW(m, 0.01f, n -> true);
            resumed.restore(b.state(), b.updates());
            a.step(Map.of("w", wa), Map.of("w", g2), 0.01);
            resumed.step(Map.of("w", wb), Map.of("w", g2), 0.01);
            assertThat(wb.toFloatArray()).containsExactly(wa.toFloatArray());
            resumed.close();
        }
    }
}
