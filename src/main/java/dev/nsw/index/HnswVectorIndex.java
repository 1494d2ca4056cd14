package dev.nsw.index;

import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.ObjectSerializer;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Approximate index over an hnswlib-java HNSW graph, searched by inner product of L2-normalised vectors
 * (hnswlib distance {@code 1 - dot}, reported back as score {@code = dot = cosine}).
 *
 * <p>Parameters follow the recipe (PaddleNLP neural_search builds hnswlib with M 100, ef_construction 100
 * and searches with ef 100): {@code M} links per node and layer (2M on the bottom layer), the
 * {@code efConstruction} candidate list while inserting, and the {@code ef} candidate list while searching
 * (raise it for recall, lower it for speed; it is never below k).
 *
 * <p>Saved as {@code hnsw-*.bin}: the 8-byte magic {@code NSWHNSW1}, then hnswlib's own stream, which
 * is <b>Java serialisation</b>. Deserialising untrusted bytes is unsafe, so {@link VectorIndex#open} first
 * checks {@code index.json}, then the SHA-256 it records for the file, then the magic: only files this
 * program wrote are ever deserialised.
 */
public final class HnswVectorIndex extends AbstractVectorIndex {
    /** {@link #kind()} of this implementation. */
    public static final String KIND = "hnsw";
    /** Recipe default for {@code M}. */
    public static final int DEFAULT_M = 100;
    /** Recipe default for {@code efConstruction}. */
    public static final int DEFAULT_EF_CONSTRUCTION = 100;
    /** Recipe default for {@code ef}. */
    public static final int DEFAULT_EF = 100;

    private static final byte[] MAGIC = "NSWHNSW1".getBytes(StandardCharsets.US_ASCII);

    private final HnswIndex<Integer, float[], Entry, Float> graph;

    private HnswVectorIndex(
            String modelId,
            int d,
            String[] ids,
            HnswIndex<Integer, float[], Entry, Float> graph,
            Instant created,
            double buildSeconds) {
        super(modelId, d, graph.size(), ids, created, buildSeconds);
        this.graph = graph;
    }

    /** Starts a builder with the recipe defaults M 100, efConstruction 100, ef 100 and the Vector API kernel. */
    public static Builder builder(String modelId) {
        return new Builder(modelId);
    }

    @Override
    public String kind() {
        return KIND;
    }

    public int m() {
        return graph.getM();
    }

    public int efConstruction() {
        return graph.getEfConstruction();
    }

    public int ef() {
        return graph.getEf();
    }

    @Override
    public java.util.OptionalInt searchEf() {
        return java.util.OptionalInt.of(ef());
    }

    /** Changes the search candidate list size for later searches (affects all threads using this index). */
    public void setEf(int ef) {
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be >= 1, got " + ef);
        }
        graph.setEf(ef);
    }

    /** The stored (unit-length) vector at {@code ordinal}, e.g. to build an exact index for an ANN check. */
    @Override
    public float[] vector(int ordinal) {
        return graph.get(ordinal)
                .orElseThrow(() -> new IndexOutOfBoundsException("no vector at ordinal " + ordinal))
                .vector();
    }

    /** Whether the graph was built with the Vector API kernel (else the scalar loop). */
    public boolean simdDistance() {
        return graph.getDistanceFunction() instanceof InnerProductDistance ipd && ipd.simd();
    }

    @Override
    public List<Hit> search(float[] query, int k) {
        float[] q = checkedQuery(query, k);
        List<SearchResult<Entry, Float>> found = graph.findNearest(q, k);
        List<Hit> hits = new ArrayList<>(found.size());
        for (SearchResult<Entry, Float> r : found) {
            hits.add(hit(r.item().ordinal, 1f - r.distance()));
        }
        return hits;
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
                m(),
                efConstruction(),
                ef(),
                simdDistance() ? "vector-api" : "scalar",
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
                ".bin",
                out -> {
                    out.write(MAGIC);
                    graph.save(out);
                },
                ids);
    }

    static HnswVectorIndex load(Path dir, IndexMetadata meta) throws IOException {
        Path file = IndexFiles.verifiedFile(dir, meta.dataFile(), meta.dataSha256());
        HnswIndex<Integer, float[], Entry, Float> graph;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IndexFormatException(file, "not an nsw HNSW file (bad magic)");
            }
            graph = readGraph(in, file, meta);
        } catch (IndexFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IndexFormatException(file, "cannot read HNSW graph: " + e, e);
        }
        if (graph.size() != meta.size()
                || graph.getDimensions() != meta.dimensions()
                || !(graph.getDistanceFunction() instanceof InnerProductDistance)) {
            throw new IndexFormatException(
                    file,
                    "graph (" + graph.size() + " x " + graph.getDimensions()
                            + ", " + graph.getDistanceFunction() + ") does not match metadata (" + meta.size() + " x "
                            + meta.dimensions() + ")");
        }
        if (meta.ef() != null) {
            graph.setEf(meta.ef());
        }
        String[] ids = IndexFiles.readIds(dir, meta);
        HnswVectorIndex index = new HnswVectorIndex(
                meta.modelId(), meta.dimensions(), ids, graph, Instant.parse(meta.created()), meta.buildSeconds());
        index.corpusSha256 = meta.corpusSha256();
        index.passages = meta.passages();
        return index;
    }

    /** Builder for {@link HnswVectorIndex}; {@code optXxx} setters check their argument. */
    public static final class Builder extends AbstractVectorIndex.Builder<Builder, HnswVectorIndex> {
        private int m = DEFAULT_M;
        private int efConstruction = DEFAULT_EF_CONSTRUCTION;
        private int ef = DEFAULT_EF;
        private InnerProductDistance distance = InnerProductDistance.VECTOR_API;

        private Builder(String modelId) {
            super(modelId);
        }

        /** Links per node and layer (layer 0 gets 2M); default 100. */
        public Builder optM(int m) {
            if (m < 2) {
                throw new IllegalArgumentException("M must be >= 2, got " + m);
            }
            this.m = m;
            return this;
        }

        /** Candidate list size while inserting; default 100. */
        public Builder optEfConstruction(int efConstruction) {
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction must be >= 1, got " + efConstruction);
            }
            this.efConstruction = efConstruction;
            return this;
        }

        /** Candidate list size while searching; default 100. */
        public Builder optEf(int ef) {
            if (ef < 1) {
                throw new IllegalArgumentException("ef must be >= 1, got " + ef);
            }
            this.ef = ef;
            return this;
        }

        /** Distance kernel; default {@link InnerProductDistance#VECTOR_API}. */
        public Builder optDistance(InnerProductDistance distance) {
            this.distance = java.util.Objects.requireNonNull(distance, "distance");
            return this;
        }

        @Override
        public HnswVectorIndex build(float[][] vectors, String[] ids) {
            int d = checkInput(vectors, ids);
            return build(vectors.length, d, i -> vectors[i], ids);
        }

        /**
         * Builds the index from the rows of a {@code .npy} read one at a time ({@link dev.nsw.io.NpyFile.RowReader}):
         * the graph keeps its own copy of every vector, so the matrix is never on the heap beside it (at 1M x 256,
         * 1 GB saved).
         *
         * @param ids external ids (no line breaks), or null for the ordinals
         */
        public HnswVectorIndex build(dev.nsw.io.NpyFile.RowReader rows, String[] ids) {
            if (rows.rows() == 0) {
                throw new IllegalArgumentException("cannot build an index from 0 vectors");
            }
            checkIds(ids, rows.rows());
            return build(
                    rows.rows(),
                    rows.cols(),
                    i -> {
                        try {
                            return rows.row(i);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    ids);
        }

        /** The build over {@code n} rows of {@code d} values; {@code row} is called once per row, from any thread. */
        private HnswVectorIndex build(int n, int d, java.util.function.IntFunction<float[]> row, String[] ids) {
            long t0 = System.nanoTime();
            HnswIndex<Integer, float[], Entry, Float> graph = HnswIndex.newBuilder(d, distance, n)
                    .withM(m)
                    .withEfConstruction(efConstruction)
                    .withEf(ef)
                    .withCustomSerializers(new IntSerializer(), new EntrySerializer())
                    .build();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int interval = Math.max(1, Math.min(1000, n / 200));
            Runnable worker = () -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        if (failure.get() != null) {
                            return;
                        }
                        checkCancelled();
                        float[] v = row.apply(i);
                        if (v.length != d) {
                            throw new IllegalArgumentException(
                                    "vector " + i + " has " + v.length + " dimensions, vector 0 has " + d);
                        }
                        try {
                            v = Vectors.normalized(v);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("vector " + i + ": " + e.getMessage(), e);
                        }
                        graph.add(new Entry(i, v));
                        int c = done.incrementAndGet();
                        if (c % interval == 0 && c < n) {
                            listener.progress(c, n, "building HNSW graph");
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            };
            int nThreads = Math.min(threads, n);
            List<Thread> pool = new ArrayList<>();
            for (int t = 0; t < nThreads; t++) {
                pool.add(
                        Thread.ofPlatform().name("nsw-hnsw-build-" + t).daemon().start(worker));
            }
            try {
                for (Thread t : pool) {
                    t.join();
                }
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new CancellationException("index build interrupted"));
                Thread.currentThread().interrupt();
                for (Thread t : pool) {
                    try {
                        t.join();
                    } catch (InterruptedException ignored) {
                        // keep waiting for the workers to notice the failure flag
                    }
                }
            }
            Throwable f = failure.get();
            if (f instanceof RuntimeException re) {
                throw re;
            } else if (f instanceof Error err) {
                throw err;
            } else if (f != null) {
                throw new IllegalStateException(f);
            }
            listener.progress(n, n, "building HNSW graph");
            double secs = (System.nanoTime() - t0) / 1e9;
            return bound(new HnswVectorIndex(modelId, d, ids == null ? null : ids.clone(), graph, Instant.now(), secs));
        }
    }

    /**
     * Reads hnswlib's Java-serialised graph under two guards, so that a crafted file (even one whose
     * checksum in {@code index.json} was recomputed) is refused before anything large is allocated or any
     * foreign class is instantiated: an {@link ObjectInputFilter} that admits only hnswlib's and our own
     * classes, with bounds on depth, references, array length and total bytes (the file size); and a
     * stream whose {@code readInt} refuses any count or id beyond what the metadata allows (hnswlib sizes
     * its node arrays and bit sets from such ints: {@code maxItemCount} 2^31 was an OutOfMemoryError).
     */
    @SuppressWarnings("unchecked")
    static HnswIndex<Integer, float[], Entry, Float> readGraph(InputStream in, Path file, IndexMetadata meta)
            throws IOException {
        long bytes = Files.size(file);
        int intLimit = Math.max(
                Math.max(meta.size(), meta.dimensions()),
                Math.max(
                        1024,
                        2 * Math.max(nonNull(meta.m()), Math.max(nonNull(meta.ef()), nonNull(meta.efConstruction())))
                                + 2));
        ObjectInputFilter filter = ObjectInputFilter.Config.createFilter(
                "com.github.jelmerk.hnswlib.core.**;dev.nsw.index.InnerProductDistance;dev.nsw.index.HnswVectorIndex$IntSerializer;"
                        + "dev.nsw.index.HnswVectorIndex$EntrySerializer;java.util.Comparators$NaturalOrderComparator;java.lang.Enum;"
                        + "java.lang.Number;java.lang.Integer;java.lang.Float;"
                        + "maxdepth=20;maxrefs=" + (4L * intLimit + 1000) + ";maxarray=" + intLimit + ";maxbytes="
                        + bytes + ";!*");
        try (ObjectInputStream ois = new ObjectInputStream(in) {
            @Override
            public int readInt() throws IOException {
                int v = super.readInt();
                if (v < -1 || v > intLimit) {
                    throw new IndexFormatException(
                            file,
                            "HNSW graph holds the count or id " + v + ", more than an index of " + meta.size() + " x "
                                    + meta.dimensions() + " can (corrupt or crafted file)");
                }
                return v;
            }
        }) {
            ois.setObjectInputFilter(filter);
            Object read = ois.readObject();
            if (!(read instanceof HnswIndex<?, ?, ?, ?> graph)) {
                throw new IndexFormatException(
                        file,
                        "holds a " + (read == null ? "null" : read.getClass().getName()) + ", not an HNSW graph");
            }
            return (HnswIndex<Integer, float[], Entry, Float>) graph;
        } catch (java.io.InvalidClassException e) {
            throw new IndexFormatException(file, "refused to read the HNSW graph: " + e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IndexFormatException(file, "HNSW graph names an unknown class " + e.getMessage(), e);
        }
    }

    private static int nonNull(Integer v) {
        return v == null ? 0 : v;
    }

    /** hnswlib item: the ordinal as id and the normalised vector. Part of the saved file format. */
    static final class Entry implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;
        final int ordinal;
        final float[] vector;

        Entry(int ordinal, float[] vector) {
            this.ordinal = ordinal;
            this.vector = vector;
        }

        @Override
        public Integer id() {
            return ordinal;
        }

        @Override
        public float[] vector() {
            return vector;
        }

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** Writes ids as plain ints (much smaller and faster than default serialisation). */
    static final class IntSerializer implements ObjectSerializer<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(Integer id, ObjectOutput out) throws IOException {
            out.writeInt(id);
        }

        @Override
        public Integer read(ObjectInput in) throws IOException {
            return in.readInt();
        }
    }

    /** Writes an entry as ordinal, length, floats. */
    static final class EntrySerializer implements ObjectSerializer<Entry> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(Entry e, ObjectOutput out) throws IOException {
            out.writeInt(e.ordinal);
            out.writeInt(e.vector.length);
            for (float x : e.vector) {
                out.writeFloat(x);
            }
        }

        @Override
        public Entry read(ObjectInput in) throws IOException {
            int ordinal = in.readInt();
            int len = in.readInt();
            if (len < 0 || len > 1 << 16) {
                throw new IOException("bad vector length " + len);
            }
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = in.readFloat();
            }
            return new Entry(ordinal, v);
        }
    }
}
