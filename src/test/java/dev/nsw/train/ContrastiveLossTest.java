package dev.nsw.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {

    @Test
    void matchesHandComputationOnTinyBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray c = m.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2));
            // S = q·cᵀ = [[1, 0.6], [0, 0.8]]; minus margin 0.2 on the diagonal = [[0.8, 0.6], [0, 0.6]];
            // times scale 30 = [[24, 18], [0, 18]].
            // row 0: log(e^24 + e^18) − 24 = log(1 + e^−6); row 1: log(e^0 + e^18) − 18 = log(1 + e^−18)
            double expected = (Math.log1p(Math.exp(-6)) + Math.log1p(Math.exp(-18))) / 2;
            float loss = ContrastiveLoss.inBatch().compute(q, c, null).getFloat();
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void extraCandidateColumnsActAsHardNegatives() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray c = m.create(new float[] {1, 0, 0.6f, 0.8f}, new Shape(2, 2));
            // one query, its positive (cos 1) and one hard negative (cos 0.6); margin 0, scale 20:
            // loss = log(e^20 + e^12) − 20 = log(1 + e^−8)
            float loss = ContrastiveLoss.simcse().compute(q, c, null).getFloat();
            assertThat((double) loss).isCloseTo(Math.log1p(Math.exp(-8)), within(1e-6));
        }
    }

    @Test
    void maskRemovesFalseNegatives() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2));
            // both rows share the same positive text: column 1 is a false negative for row 0 and vice versa
            NDArray c = m.create(new float[] {1, 0, 1, 0}, new Shape(2, 2));
            NDArray keep = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float unmasked = ContrastiveLoss.simcse().compute(q, c, null).getFloat();
            float masked = ContrastiveLoss.simcse().compute(q, c, keep).getFloat();
            assertThat((double) unmasked).isCloseTo(Math.log(2), within(1e-6));
            assertThat(masked).isLessThan(1e-6f);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new ContrastiveLoss(-0.1f, 30))
                .hasMessageContaining("margin")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new ContrastiveLoss(0.2f, 0)).hasMessageContaining("scale");
    }
}
