package dev.nsw.bench;

import dev.nsw.index.Vectors;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates L2-normalised vectors shaped like sentence embeddings, for ANN benchmarks and tests.
 *
 * <p>Uniform random vectors are a poor stand-in: in high dimension all their pairwise similarities are
 * near 0 and no neighbour is much closer than any other, which makes every ANN index look broken. Real
 * embeddings are clustered (topics), anisotropic (a few directions carry most variance, and all vectors
 * share a common mean direction) and have close neighbours. So each vector here is
 *
 * <pre>  normalise( mean + centre[c] + Σ_j s_j g_j u_{c,j} + σ ε ),  c ~ Zipf(clusters) </pre>
 *
 * where {@code mean} is a shared offset, cluster centres are Gaussian with a decaying per-axis spectrum
 * ({@code 1/sqrt(1 + i/16)}), each cluster has its own {@code rank} random directions {@code u_{c,j}} with
 * decaying scales {@code s_j}, {@code g_j} and {@code ε} are standard normal, and σ is a small isotropic
 * noise. Queries are fresh draws from the same clusters (held out: never in the corpus), i.e. perturbed
 * points of the same distribution. Deterministic for a given seed.
 */
public final class SyntheticEmbeddings {
    private final int dim;
    private final int clusters;
    private final int rank;
    private final float[] mean;
    private final float[][] centres;
    private final float[][][] axes;
    private final float[] axisScale;
    private final double[] clusterCdf;
    private final float noise;
    private final long seed;

    /**
     * @param dim      vector length
     * @param clusters number of topic clusters (e.g. n / 300)
     * @param seed     random seed
     */
    public SyntheticEmbeddings(int dim, int clusters, long seed) {
        if (dim < 2) {
            throw new IllegalArgumentException("dim must be >= 2, got " + dim);
        }
        if (clusters < 1) {
            throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
        }
        this.dim = dim;
        this.clusters = clusters;
        this.rank = Math.min(16, dim);
        this.seed = seed;
        this.noise = 0.35f;
        SplittableRandom r = new SplittableRandom(seed);
        mean = gaussian(r, dim, 0.7f);
        float[] spectrum = new float[dim];
        for (int i = 0; i < dim; i++) {
            spectrum[i] = (float) (1.0 / Math.sqrt(1 + i / 16.0));
        }
        centres = new float[clusters][dim];
        axes = new float[clusters][rank][];
        for (int c = 0; c < clusters; c++) {
            for (int i = 0; i < dim; i++) {
                centres[c][i] = (float) (r.nextGaussian() * spectrum[i] * 1.6);
            }
            for (int j = 0; j < rank; j++) {
                axes[c][j] = Vectors.normalizeInPlace(gaussian(r, dim, 1f));
            }
        }
        axisScale = new float[rank];
        for (int j = 0; j < rank; j++) {
            axisScale[j] = (float) (3.0 / Math.sqrt(1 + j));
        }
        // Zipf-like cluster sizes (exponent 0.8).
        clusterCdf = new double[clusters];
        double sum = 0;
        for (int c = 0; c < clusters; c++) {
            sum += 1.0 / Math.pow(c + 1, 0.8);
            clusterCdf[c] = sum;
        }
        for (int c = 0; c < clusters; c++) {
            clusterCdf[c] /= sum;
        }
    }

    /** A set sized like the recipe's: one cluster per ~300 vectors. */
    public static SyntheticEmbeddings forCorpus(int n, int dim, long seed) {
        return new SyntheticEmbeddings(dim, Math.max(1, n / 300), seed);
    }

    /** {@code n} corpus vectors (stream 0). */
    public float[][] corpus(int n) {
        return draw(0, n, 0);
    }

    /**
     * Corpus vectors {@code from .. to - 1}: rows of {@link #corpus(int)} generated a block at a time, so a corpus
     * larger than the heap can be streamed to a file (vector i depends only on the seed and i).
     */
    public float[][] corpus(int from, int to) {
        return draw(from, to, 0);
    }

    /** {@code n} held-out query vectors (stream 1: never equal to a corpus vector). */
    public float[][] queries(int n) {
        return draw(0, n, 1);
    }

    private float[][] draw(int from, int to, int stream) {
        float[][] out = new float[to - from][];
        IntStream.range(from, to)
                .parallel()
                .forEach(i -> out[i - from] = vector(
                        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + (long) stream * 0x632BE59BD9B4E019L + i)));
        return out;
    }

    private float[] vector(SplittableRandom r) {
        double u = r.nextDouble();
        int c = java.util.Arrays.binarySearch(clusterCdf, u);
        c = c >= 0 ? c : Math.min(clusters - 1, -c - 1);
        float[] v = new float[dim];
        float[] centre = centres[c];
        for (int i = 0; i < dim; i++) {
            v[i] = mean[i] + centre[i] + (float) r.nextGaussian() * noise;
        }
        for (int j = 0; j < rank; j++) {
            float g = (float) r.nextGaussian() * axisScale[j];
            float[] a = axes[c][j];
            for (int i = 0; i < dim; i++) {
                v[i] += g * a[i];
            }
        }
        return Vectors.normalizeInPlace(v);
    }

    private static float[] gaussian(SplittableRandom r, int dim, float scale) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }
}
