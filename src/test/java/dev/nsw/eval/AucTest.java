package dev.nsw.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucTest {
    @Test
    void sklearnExample() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        assertThat(Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}))
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void tiesCountHalf() {
        assertThat(Auc.of(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1}))
                .isCloseTo(0.5, within(1e-12));
        // positives {0.5, 0.9}, negatives {0.5, 0.2}: 0.5 vs 0.5 tie (½) + three wins = 3.5 / 4
        assertThat(Auc.of(new double[] {0.5, 0.5, 0.2, 0.9}, new int[] {1, 0, 0, 1}))
                .isCloseTo(0.875, within(1e-12));
    }

    @Test
    void perfectAndReversed() {
        assertThat(Auc.of(new float[] {0.9f, 0.8f, 0.1f}, new int[] {1, 1, 0})).isEqualTo(1.0);
        assertThat(Auc.of(new float[] {0.9f, 0.8f, 0.1f}, new int[] {0, 0, 1})).isEqualTo(0.0);
    }

    @Test
    void undefinedWithOneClass() {
        assertThatThrownBy(() -> Auc.of(new double[] {0.1, 0.2}, new int[] {1, 1}))
                .hasMessageContaining("both labels");
        assertThatThrownBy(() -> Auc.of(new double[] {0.1}, new int[] {2})).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> Auc.of(new double[] {0.1}, new int[] {1, 0})).hasMessageContaining("differ");
    }
}
