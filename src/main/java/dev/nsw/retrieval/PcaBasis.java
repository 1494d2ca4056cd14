package dev.nsw.retrieval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A 2-D principal-component basis of embedding vectors: project(v) = A (v − μ), A [2, D] the unit
 * eigenvectors of the sample covariance C = (X − μ)ᵀ (X − μ) / (n − 1) with the two largest eigenvalues.
 *
 * <p>Fitted by forming C [D, D] once (D ≤ ~1k: 30k × 512 rows cost ~4 G multiply-adds) and power iteration
 * with deflation (C ← C − λ₁ a₁ a₁ᵀ) from a seeded start vector. Each axis's sign is fixed so its largest
 * |entry| is positive, so the same data always gives the same picture. Applying one basis to the
 * embeddings of another model of the same dimension shows both in the same coordinates (before/after
 * training).
 *
 * @param mean μ [D]
 * @param axes A [2][D], orthonormal rows
 * @param axisVariance the variance along each axis (the eigenvalues λ₁ ≥ λ₂)
 * @param totalVariance trace(C), so λ_i / trace is the share of variance an axis explains
 */
public record PcaBasis(double[] mean, double[][] axes, double[] axisVariance, double totalVariance) {
    private static final int MAX_ITERATIONS = 5_000;

    public int dimension() {
        return mean.length;
    }

    /** Share of the total variance the i-th axis explains (0–1). */
    public double explained(int axis) {
        return totalVariance == 0 ? 0 : axisVariance[axis] / totalVariance;
    }

    /** (x, y) of one vector. */
    public double[] project(float[] v) {
        if (v.length != mean.length) {
            throw new IllegalArgumentException("the basis is " + mean.length + "-dimensional but the vector has "
                    + v.length + " dimensions: a basis applies only to embeddings of the same size");
        }
        double[] xy = new double[2];
        for (int a = 0; a < 2; a++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += axes[a][j] * (v[j] - mean[j]);
            }
            xy[a] = s;
        }
        return xy;
    }

    /** Fits the basis on the given rows (at least 3, all of one dimension D ≥ 2). */
    public static PcaBasis fit(float[][] rows, long seed) {
        int n = rows.length;
        if (n < 3) {
            throw new IllegalArgumentException("PCA needs at least 3 vectors, got " + n);
        }
        int d = rows[0].length;
        if (d < 2) {
            throw new IllegalArgumentException("PCA to 2-D needs vectors of at least 2 dimensions, got " + d);
        }
        double[] mean = new double[d];
        for (float[] r : rows) {
            if (r.length != d) {
                throw new IllegalArgumentException("vectors of different sizes: " + d + " and " + r.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // centred columns [D][n], so each covariance entry is one dot product of two contiguous arrays
        double[][] cols = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                cols[j][i] = rows[i][j] - mean[j];
            }
        }
        double[][] cov = new double[d][d];
        IntStream.range(0, d).parallel().forEach(a -> {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                double[] x = cols[a];
                double[] y = cols[b];
                for (int i = 0; i < n; i++) {
                    s += x[i] * y[i];
                }
                cov[a][b] = s / (n - 1);
            }
        });
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += cov[j][j];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] axes = new double[2][];
        double[] variance = new double[2];
        for (int a = 0; a < 2; a++) {
            double[] v = leadingEigenvector(cov, random);
            double lambda = dot(v, multiply(cov, v));
            axes[a] = v;
            variance[a] = Math.max(0, lambda);
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    cov[r][c] -= lambda * v[r] * v[c];
                }
            }
        }
        return new PcaBasis(mean, axes, variance, trace);
    }

    /** Power iteration v ← C v / ‖C v‖ until the direction moves less than 1e-12, sign fixed. */
    static double[] leadingEigenvector(double[][] c, SplittableRandom random) {
        int d = c.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = random.nextDouble() - 0.5;
        }
        normalize(v);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] next = multiply(c, v);
            if (norm(next) == 0) {
                break; // C is zero in every remaining direction: any unit vector will do
            }
            normalize(next);
            double change = 1 - Math.abs(dot(next, v));
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        int largest = 0;
        for (int j = 1; j < d; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        if (v[largest] < 0) {
            for (int j = 0; j < d; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int r = 0; r < m.length; r++) {
            out[r] = dot(m[r], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static void normalize(double[] v) {
        double n = norm(v);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcaBasis p
                && Arrays.equals(mean, p.mean)
                && Arrays.deepEquals(axes, p.axes)
                && Arrays.equals(axisVariance, p.axisVariance)
                && totalVariance == p.totalVariance;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.deepHashCode(axes);
    }
}
