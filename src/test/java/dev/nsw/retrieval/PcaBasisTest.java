package dev.nsw.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaBasisTest {
    @Test
    void twoDimensionalDataMatchesTheClosedFormEigenDecomposition() {
        // For C = [[a, b], [b, c]]: λ = (a + c)/2 ± √(((a − c)/2)² + b²); the leading axis is ∝ (b, λ₁ − a).
        float[][] rows = {{2, 1}, {3, 3}, {5, 4}, {7, 6}, {4, 2}, {1, 1}};
        double mx = 0;
        double my = 0;
        for (float[] r : rows) {
            mx += r[0] / 6.0;
            my += r[1] / 6.0;
        }
        double a = 0;
        double b = 0;
        double c = 0;
        for (float[] r : rows) {
            a += (r[0] - mx) * (r[0] - mx) / 5;
            b += (r[0] - mx) * (r[1] - my) / 5;
            c += (r[1] - my) * (r[1] - my) / 5;
        }
        double root = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        double l1 = (a + c) / 2 + root;
        double l2 = (a + c) / 2 - root;
        double[] v1 = {b, l1 - a};
        double n1 = Math.hypot(v1[0], v1[1]);

        PcaBasis basis = PcaBasis.fit(rows, 7);
        assertThat(basis.axisVariance()[0]).isCloseTo(l1, within(1e-9));
        assertThat(basis.axisVariance()[1]).isCloseTo(l2, within(1e-9));
        assertThat(basis.totalVariance()).isCloseTo(a + c, within(1e-12));
        // both components of v1 are positive here, so the sign rule (largest entry positive) keeps v1 as is
        assertThat(basis.axes()[0][0]).isCloseTo(v1[0] / n1, within(1e-6));
        assertThat(basis.axes()[0][1]).isCloseTo(v1[1] / n1, within(1e-6));
        assertThat(basis.axes()[0][0] * basis.axes()[1][0] + basis.axes()[0][1] * basis.axes()[1][1])
                .isCloseTo(0, within(1e-6));
        assertThat(basis.project(new float[] {(float) mx, (float) my}))
                .containsExactly(new double[] {0, 0}, within(1e-6));
    }

    @Test
    void recoversPlantedDirectionsInEightDimensions() {
        // x = 5 s u + 2 t w + noise(0.05): the axes are ±u and ±w, variances 25 and 4 (plus the noise's 0.0025)
        Random r = new Random(3);
        double[] u = unit(r, 8);
        double[] w = unit(r, 8);
        double dot = 0;
        for (int j = 0; j < 8; j++) {
            dot += u[j] * w[j];
        }
        for (int j = 0; j < 8; j++) {
            w[j] -= dot * u[j];
        }
        normalize(w);
        float[][] rows = new float[4000][8];
        for (float[] row : rows) {
            double s = r.nextGaussian();
            double t = r.nextGaussian();
            for (int j = 0; j < 8; j++) {
                row[j] = (float) (1 + 5 * s * u[j] + 2 * t * w[j] + 0.05 * r.nextGaussian());
            }
        }
        PcaBasis basis = PcaBasis.fit(rows, 1);
        assertThat(Math.abs(dot(basis.axes()[0], u))).isGreaterThan(0.9999);
        assertThat(Math.abs(dot(basis.axes()[1], w))).isGreaterThan(0.999);
        assertThat(basis.axisVariance()[0]).isCloseTo(25, within(1.5));
        assertThat(basis.axisVariance()[1]).isCloseTo(4, within(0.3));
        assertThat(basis.explained(0) + basis.explained(1)).isGreaterThan(0.99);
        assertThat(PcaBasis.fit(rows, 1)).isEqualTo(basis);
    }

    @Test
    void aBasisAppliesOnlyToVectorsOfItsDimension() {
        PcaBasis basis = PcaBasis.fit(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {1, 1, 1}}, 1);
        assertThatThrownBy(() -> basis.project(new float[] {1, 2})).hasMessageContaining("same size");
        assertThatThrownBy(() -> PcaBasis.fit(new float[][] {{1, 2}}, 1)).hasMessageContaining("at least 3");
    }

    private static double[] unit(Random r, int d) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = r.nextGaussian();
        }
        normalize(v);
        return v;
    }

    private static void normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int j = 0; j < v.length; j++) {
            v[j] /= n;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
