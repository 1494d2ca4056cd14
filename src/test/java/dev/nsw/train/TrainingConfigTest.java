package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    /** The recipe's values, written out component by component as they were before the builder. */
    @Test
    void defaultsAreTheRecipes() {
        assertThat(TrainingConfig.inBatchDefaults())
                .isEqualTo(new TrainingConfig(0.2f, 30f, 64, 3, 5e-5, 0.0, 0f, 5.0, 1000, 0, 0, 0, true, 0));
        assertThat(TrainingConfig.simcseDefaults())
                .isEqualTo(new TrainingConfig(0f, 20f, 64, 1, 5e-5, 0.0, 0f, 5.0, 1000, 0, 0, 0, true, 0));
    }

    @Test
    void aWitherChangesOnlyItsSetting() {
        TrainingConfig c = new TrainingConfig(0.1f, 10f, 8, 2, 1e-4, 0.1, 0.01f, 1.0, 7, 4, 5, 6, false, 9);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.withBatchSize(16))
                .isEqualTo(new TrainingConfig(0.1f, 10f, 16, 2, 1e-4, 0.1, 0.01f, 1.0, 7, 4, 5, 6, false, 9));
        assertThat(c.withMaxSteps(3))
                .isEqualTo(new TrainingConfig(0.1f, 10f, 8, 2, 1e-4, 0.1, 0.01f, 1.0, 7, 4, 5, 6, false, 3));
        assertThat(c.withMarginScale(0f, 20f))
                .isEqualTo(new TrainingConfig(0f, 20f, 8, 2, 1e-4, 0.1, 0.01f, 1.0, 7, 4, 5, 6, false, 9));
        assertThatThrownBy(() -> c.withBatchSize(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
    }
}
