package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    @Test
    void scalesDownOnlyWhenTheGlobalNormIsTooLarge() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f, 0f});
            NDArray b = m.create(new float[] {0f, 4f});
            // global norm = sqrt(9 + 16) = 5
            double norm = GradientClipping.clipByGlobalNorm(List.of(a, b), 2.5);
            assertThat(norm).isCloseTo(5.0, within(1e-6));
            assertThat(a.getFloat(0)).isCloseTo(1.5f, within(1e-5f));
            assertThat(b.getFloat(1)).isCloseTo(2f, within(1e-5f));
            double again = GradientClipping.clipByGlobalNorm(List.of(a, b), 5.0);
            assertThat(again).isCloseTo(2.5, within(1e-5));
            assertThat(a.getFloat(0)).isCloseTo(1.5f, within(1e-5f));
        }
    }
}
