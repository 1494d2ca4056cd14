package dev.nsw.index;

import dev.nsw.io.NpyFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Brute-force index: scores the query against every stored vector (Vector API inner product over one
 * contiguous {@code float[n * d]}, or over a memory-mapped {@code .npy}) and keeps the top k in a heap. Exact,
 * so it is the reference for ANN recall; a query costs {@code O(n d)}.
 *
 * <p>Saved as a {@code .npy} matrix of the normalised vectors. A saved index is opened memory-mapped, and
 * {@link #mapped} searches an embeddings file in place: the vectors stay in the OS's file cache, not on the
 * heap (1M x 256 is 1 GB), and both forms score to the same bits ({@link MappedVectors}).
 */
public final class ExactVectorIndex extends AbstractVectorIndex {
    /** {@link #kind()} of this implementation. */
    public static final String KIND = "exact";

    /** Below this many vectors a single query is scored on one thread. */
    private static final int PARALLEL_THRESHOLD = 32_768;

    /** The vectors on the heap, row-major; null when {@link #mapped} holds them. */
    private final float[] data;
    /** The vectors in a mapped {@code .npy}; null when {@link #data} holds them. */
    private final MemorySegment mapped;

    private final int parallelism;

    private ExactVectorIndex(
            String modelId,
            int d,
            int n,
            float[] data,
            MemorySegment mapped,
            String[] ids,
            int parallelism,
            Instant created,
            double buildSeconds) {
        super(modelId, d, n, ids, created, buildSeconds);
        this.data = data;
        this.mapped = mapped;
        this.parallelism = parallelism;
    }

    /**
     * An exact index over an embeddings file searched in place (memory-mapped; the mapping is released when the
     * index is no longer reachable). Every row must already be unit length (within the 1e-4 that
     * {@link Vectors#normalized} leaves alone), as the rows {@code nsw embed} writes are, so that scores equal
     * those of an index built from the same rows on the heap.
     *
     * @param ids external ids by row, or null for the row numbers
     * @throws IllegalArgumentException naming the first row that is not finite or not unit length
     */
    public static ExactVectorIndex mapped(String modelId, Path npy, String[] ids) throws IOException {
        return mapped(modelId, NpyFile.map(npy, Arena.ofAuto()), ids);
    }

    /**
     * {@link #mapped(String, Path, String[])} over a file the caller mapped, in an arena it closes when done
     * (a benchmark releases the pages before its next phase); searching after that close fails.
     */
    public static ExactVectorIndex mapped(String modelId, NpyFile.Mapped m, String[] ids) {
        long t0 = System.nanoTime();
        Path npy = m.file();
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must be non-blank, got '" + modelId + "'");
        }
        if (m.rows() == 0 || m.cols() == 0) {
            throw new IllegalArgumentException(npy + ": no vectors to index");
        }
        if (ids != null && ids.length != m.rows()) {
            throw new IllegalArgumentException(
                    npy + " holds " + m.rows() + " rows but " + ids.length + " ids were given");
        }
        for (int i = 0; i < m.rows(); i++) {
            double norm = MappedVectors.norm(m.data(), i, m.cols());
            if (!(Math.abs(norm - 1.0) <= 1e-4)) {
                throw new IllegalArgumentException(npy + ": row " + i + " has length " + norm
                        + "; searching a file in place needs unit-length rows (as nsw embed writes them)");
            }
        }
        return new ExactVectorIndex(
                modelId,
                m.cols(),
                m.rows(),
                null,
                m.data(),
                ids == null ? null : ids.clone(),
                Runtime.getRuntime().availableProcessors(),
                Instant.now(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Whether the vectors are searched in a mapped file rather than on the heap. */
    public boolean memoryMapped() {
        return mapped != null;
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
        ExactVectorIndex view =
                new ExactVectorIndex(modelId, dimensions, size, data, mapped, ids, threads, created, buildSeconds);
        view.corpusSha256 = corpusSha256;
        return view;
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
        if (mapped != null) {
            for (int i = from; i < to; i++) {
                float s = MappedVectors.dot(q, mapped, 4L * i * d, d);
                if (s > top.threshold() || top.size() < k) {
                    top.offer(s, i);
                }
            }
            return top;
        }
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
        if (mapped != null) {
            MemorySegment.copy(mapped, MappedVectors.LE_FLOAT, 4L * ordinal * dimensions, v, 0, dimensions);
        } else {
            System.arraycopy(data, ordinal * dimensions, v, 0, dimensions);
        }
        return v;
    }

    /** Bytes held by the vectors (the index's memory apart from ids; in the file cache when mapped). */
    public long vectorBytes() {
        return 4L * size * dimensions;
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
        IndexFiles.save(
                dir,
                metadata(),
                ".npy",
                out -> {
                    if (mapped != null) {
                        NpyFile.write(out, new NpyFile.Mapped(dir, size, dimensions, mapped));
                    } else {
                        NpyFile.write(out, size, dimensions, data);
                    }
                },
                ids);
    }

    static ExactVectorIndex load(Path dir, IndexMetadata meta) throws IOException {
        Path file = IndexFiles.verifiedFile(dir, meta.dataFile(), meta.dataSha256());
        // Searched in place: the saved vectors are normalised and checksummed, and a mapping outlives a later
        // save's rename of the folder (it holds the old file open).
        NpyFile.Mapped m = NpyFile.map(file, Arena.ofAuto());
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
                null,
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
                    modelId, d, n, data, null, ids == null ? null : ids.clone(), threads, Instant.now(), secs));
        }
    }
}
