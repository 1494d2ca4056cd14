package dev.nsw.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MarginRankingLossTest {
    // margin 0.1: max(0, 0.1 - 0.7) = 0, max(0, 0.1 - 0.05) = 0.05, max(0, 0.1 + 0.3) = 0.4 → mean 0.15
    private static final float[] POS = {0.9f, 0.5f, 0.3f};
    private static final float[] NEG = {0.2f, 0.45f, 0.6f};

    @Test
    void handComputedCase() {
        System.setProperty("ai.djl.offline", "true");
        MarginRankingLoss loss = new MarginRankingLoss(0.1f);
        assertThat(loss.value(POS, NEG)).isCloseTo(0.15, within(1e-6));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertThat(loss.loss(m.create(POS), m.create(NEG)).getFloat()).isCloseTo(0.15f, within(1e-6f));
        }
    }

    @Test
    void zeroOnceEveryPositiveLeadsByTheMargin() {
        assertThat(new MarginRankingLoss(0.1f).value(new float[] {0.8f, 0.6f}, new float[] {0.1f, 0.5f - 1e-3f}))
                .isZero();
    }

    @Test
    void rejectsBadMargin() {
        assertThatThrownBy(() -> new MarginRankingLoss(-0.1f)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new MarginRankingLoss(Float.NaN)).hasMessageContaining("margin");
    }
}
