package dev.nsw.index;

import dev.nsw.io.NpyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Brute-force index: scores the query against every stored vector (Vector API inner product over one
 * contiguous {@code float[n * d]}) and keeps the top k in a heap. Exact, so it is the reference for ANN
 * recall; a query costs {@code O(n d)}.
 *
 * <p>Saved as a {@code .npy} matrix of the normalised vectors.
 */
public final class ExactVectorIndex extends AbstractVectorIndex {
    /** {@link #kind()} of this implementation. */
    public static final String KIND = "exact";

    /** Below this many vectors a single query is scored on one thread. */
    private static final int PARALLEL_THRESHOLD = 32_768;

    private final float[] data;
    private final int parallelism;

    private ExactVectorIndex(
            String modelId,
            int d,
            int n,
            float[] data,
            String[] ids,
            int parallelism,
            Instant created,
            double buildSeconds) {
        super(modelId, d, n, ids, created, buildSeconds);
        this.data = data;
        this.parallelism = parallelism;
    }

    /** Starts a builder for vectors made by model {@code modelId}. */
    public static Builder builder(String modelId) {
        return new Builder(modelId);
    }

    /** A view of this index that scores each query on {@code threads} threads (1 = the calling thread only). */
    public ExactVectorIndex withParallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new ExactVectorIndex(modelId, dimensions, size, data, ids, threads, created, buildSeconds);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Hit> search(float[] query, int k) {
        float[] q = checkedQuery(query, k);
        int kk = Math.min(k, size);
        TopK top;
        if (parallelism <= 1 || size < PARALLEL_THRESHOLD) {
            top = scan(q, kk, 0, size);
        } else {
            int parts = parallelism * 4;
            int step = (size + parts - 1) / parts;
            top = IntStream.range(0, parts)
                    .parallel()
                    .mapToObj(p -> scan(q, kk, p * step, Math.min(size, (p + 1) * step)))
                    .reduce(new TopK(kk), (a, b) -> {
                        TopK m = new TopK(kk);
                        m.addAll(a);
                        m.addAll(b);
                        return m;
                    });
        }
        int[] ords = new int[kk];
        float[] scores = new float[kk];
        int n = top.drainBestFirst(ords, scores);
        List<Hit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(hit(ords[i], scores[i]));
        }
        return hits;
    }

    /** Batch search: queries are spread over the cores, each scored on one thread. */
    @Override
    public List<List<Hit>> searchAll(float[][] queries, int k) {
        ExactVectorIndex single = parallelism == 1 ? this : withParallelism(1);
        return IntStream.range(0, queries.length)
                .parallel()
                .mapToObj(i -> single.search(queries[i], k))
                .toList();
    }

    private TopK scan(float[] q, int k, int from, int to) {
        TopK top = new TopK(k);
        int d = dimensions;
        for (int i = from; i < to; i++) {
            float s = Vectors.dot(q, 0, data, i * d, d);
            if (s > top.threshold() || top.size() < k) {
                top.offer(s, i);
            }
        }
        return top;
    }

    /** The stored (normalised) vector at {@code ordinal}, as a copy. */
    @Override
    public float[] vector(int ordinal) {
        java.util.Objects.checkIndex(ordinal, size);
        float[] v = new float[dimensions];
        System.arraycopy(data, ordinal * dimensions, v, 0, dimensions);
        return v;
    }

    /** Bytes held by the vectors (the index's memory apart from ids). */
    public long vectorBytes() {
        return 4L * data.length;
    }

    @Override
    public IndexMetadata metadata() {
        return new IndexMetadata(
                IndexMetadata.FORMAT,
                IndexMetadata.FORMAT_VERSION,
                KIND,
                dimensions,
                size,
                modelId,
                "cosine",
                null,
                null,
                null,
                Vectors.SIMD_AVAILABLE ? "vector-api" : "scalar",
                created.toString(),
                buildSeconds,
                null,
                null,
                null,
                null,
                corpusSha256,
                passages);
    }

    @Override
    public void save(Path dir) throws IOException {
        IndexFiles.save(dir, metadata(), ".npy", out -> NpyFile.write(out, size, dimensions, data), ids);
    }

    static ExactVectorIndex load(Path dir, IndexMetadata meta) throws IOException {
        Path file = IndexFiles.verifiedFile(dir, meta.dataFile(), meta.dataSha256());
        NpyFile.Matrix m = NpyFile.readMatrix(file);
        if (m.rows() != meta.size() || m.cols() != meta.dimensions()) {
            throw new IndexFormatException(
                    file,
                    "holds a " + m.rows() + " x " + m.cols() + " matrix, metadata says " + meta.size() + " x "
                            + meta.dimensions());
        }
        String[] ids = IndexFiles.readIds(dir, meta);
        ExactVectorIndex index = new ExactVectorIndex(
                meta.modelId(),
                meta.dimensions(),
                meta.size(),
                m.data(),
                ids,
                Runtime.getRuntime().availableProcessors(),
                Instant.parse(meta.created()),
                meta.buildSeconds());
        index.corpusSha256 = meta.corpusSha256();
        index.passages = meta.passages();
        return index;
    }

    /** Builder for {@link ExactVectorIndex}; the build copies the normalised vectors into one array. */
    public static final class Builder extends AbstractVectorIndex.Builder<Builder, ExactVectorIndex> {
        private Builder(String modelId) {
            super(modelId);
        }

        @Override
        public ExactVectorIndex build(float[][] vectors, String[] ids) {
            long t0 = System.nanoTime();
            int d = checkInput(vectors, ids);
            int n = vectors.length;
            if ((long) n * d > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("too many values for one exact index: " + n + " x " + d);
            }
            float[] data = new float[n * d];
            int interval = Math.max(1, n / 100);
            for (int i = 0; i < n; i++) {
                if (i % 1024 == 0) {
                    checkCancelled();
                }
                float[] v;
                try {
                    v = Vectors.normalized(vectors[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("vector " + i + ": " + e.getMessage(), e);
                }
                System.arraycopy(v, 0, data, i * d, d);
                if ((i + 1) % interval == 0) {
                    listener.progress(i + 1, n, "building exact index");
                }
            }
            listener.progress(n, n, "building exact index");
            double secs = (System.nanoTime() - t0) / 1e9;
            return bound(new ExactVectorIndex(
                    modelId, d, n, data, ids == null ? null : ids.clone(), threads, Instant.now(), secs));
        }
    }
}
