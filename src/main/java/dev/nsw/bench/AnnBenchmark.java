package dev.nsw.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.Hit;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.index.InnerProductDistance;
import dev.nsw.index.VectorIndex;
import dev.nsw.index.Vectors;
import dev.nsw.job.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * HNSW against exact search on one set of vectors: build time, single-thread queries per second, recall@k
 * against exact search over a sweep of ef, memory, and the Vector API distance kernel against the scalar one.
 * {@code nsw bench ann} prints the {@link Report}; its JSON form is the same record.
 */
public final class AnnBenchmark {
    private AnnBenchmark() {}

    /** The vectors to benchmark: corpus [n, d] and queries [q, d], L2-normalised, and where they came from. */
    public record Data(float[][] corpus, float[][] queries, String source) {
        public Data {
            if (corpus.length == 0 || queries.length == 0 || queries[0].length != corpus[0].length) {
                throw new IllegalArgumentException("queries must be non-empty with "
                        + (corpus.length == 0 ? 0 : corpus[0].length) + " dimensions");
            }
        }
    }

    /**
     * @param efSweep further ef values measured beside {@code ef}
     * @param compareVectors build HNSW on this many vectors with each distance kernel (0 skips the comparison)
     * @param compareRepeats builds per kernel, interleaved; the fastest counts (the machine may be shared)
     * @param exactQueries queries timed for single-thread exact search
     * @param saveDir also save the index there and time save and open, or {@code null}
     */
    public record Settings(
            int m,
            int efConstruction,
            int ef,
            int[] efSweep,
            int k,
            int threads,
            int compareVectors,
            int compareRepeats,
            int exactQueries,
            Path saveDir) {
        public Settings {
            if (m < 2
                    || efConstruction < 1
                    || ef < 1
                    || k < 1
                    || threads < 1
                    || compareRepeats < 1
                    || exactQueries < 1) {
                throw new IllegalArgumentException(
                        "need M >= 2, efConstruction, ef, k, threads, repeats and exact queries >= 1; got M " + m
                                + ", efConstruction " + efConstruction + ", ef " + ef + ", k " + k);
            }
        }
    }

    /** Mean cosine of random corpus pairs and of the queries' exact top-1 and top-10: how "real" the data looks. */
    public record SimilarityStats(double randomPair, double top1, double top10) {}

    public record ExactRow(double buildSeconds, double qpsSingleThread, double qpsAllCores, long memoryBytes) {}

    /** One ef of the sweep. */
    public record SweepRow(int ef, double qpsSingleThread, double recall) {}

    /** Scalar against Vector API inner product: one distance in ns, and HNSW builds of the same vectors. */
    public record DistanceComparison(
            int vectors,
            double dotNanosScalar,
            double dotNanosVectorApi,
            double dotNanosHnswlibBuiltin,
            int repeats,
            double buildSecondsScalar,
            double buildSecondsVectorApi,
            double speedup) {}

    /** @param heapDeltaBytes heap growth over the build (graph and bookkeeping; the vectors are counted apart) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HnswResult(
            int m,
            int efConstruction,
            double buildSeconds,
            long heapDeltaBytes,
            long vectorBytes,
            List<SweepRow> sweep,
            Double saveSeconds,
            Double openSeconds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(
            String source,
            int corpus,
            int dimensions,
            int queries,
            int k,
            int buildThreads,
            int cores,
            String kernel,
            String java,
            String loadAverageAtStart,
            SimilarityStats similarityStats,
            ExactRow exact,
            DistanceComparison distanceComparison,
            HnswResult hnsw,
            String loadAverageAtEnd) {}

    /** Runs the benchmark; status lines go to {@code progress} (total -1). */
    public static Report run(Data data, Settings s, ProgressListener progress) throws IOException {
        float[][] corpus = data.corpus();
        float[][] queries = data.queries();
        int n = corpus.length;
        int d = corpus[0].length;
        String loadAtStart = loadAverage();

        // exact reference
        long te = System.nanoTime();
        ExactVectorIndex exact =
                ExactVectorIndex.builder("bench").optThreads(s.threads()).build(corpus);
        double exactBuild = secs(te);
        SimilarityStats stats = similarityStats(exact, corpus, queries);
        progress.progress(0, -1, String.format(Locale.ROOT, "exact ground truth for %,d queries", queries.length));
        long tg = System.nanoTime();
        List<List<Hit>> truth = exact.searchAll(queries, s.k());
        double truthSecs = secs(tg);
        ExactVectorIndex exact1 = exact.withParallelism(1);
        int eq = Math.min(s.exactQueries(), queries.length);
        exact1.search(queries[0], s.k()); // warm-up
        long tq = System.nanoTime();
        for (int i = 0; i < eq; i++) {
            exact1.search(queries[i], s.k());
        }
        ExactRow exactRow = new ExactRow(exactBuild, eq / secs(tq), queries.length / truthSecs, exact.vectorBytes());

        DistanceComparison comparison = s.compareVectors() > 0 ? compareKernels(corpus, s, progress) : null;

        // HNSW build
        long heapBefore = usedHeap();
        progress.progress(
                0,
                -1,
                String.format(
                        Locale.ROOT,
                        "building HNSW M %d, efConstruction %d on %,d vectors",
                        s.m(),
                        s.efConstruction(),
                        n));
        HnswVectorIndex hnsw = HnswVectorIndex.builder("bench")
                .optM(s.m())
                .optEfConstruction(s.efConstruction())
                .optEf(s.ef())
                .optThreads(s.threads())
                .optProgressListener(progress)
                .build(corpus);
        long heapDelta = usedHeap() - heapBefore;

        // ef sweep
        int[] efs = IntStream.concat(Arrays.stream(s.efSweep()), IntStream.of(s.ef()))
                .filter(e -> e > 0)
                .distinct()
                .sorted()
                .toArray();
        List<SweepRow> rows = new ArrayList<>();
        for (int e : efs) {
            hnsw.setEf(e);
            for (int i = 0; i < Math.min(200, queries.length); i++) {
                hnsw.search(queries[i], s.k()); // warm-up
            }
            long ts = System.nanoTime();
            for (float[] q : queries) {
                hnsw.search(q, s.k());
            }
            double qps = queries.length / secs(ts);
            AnnRecall.Check check = AnnRecall.check(hnsw, truth, queries, s.k()).orElseThrow();
            rows.add(new SweepRow(check.ef(), qps, check.recall()));
            progress.progress(
                    0,
                    -1,
                    String.format(
                            Locale.ROOT, "ef %d: %.0f q/s, recall@%d %.4f", check.ef(), qps, s.k(), check.recall()));
        }
        hnsw.setEf(s.ef());

        Double saveSeconds = null;
        Double openSeconds = null;
        if (s.saveDir() != null) {
            long ts = System.nanoTime();
            hnsw.save(s.saveDir());
            saveSeconds = secs(ts);
            long to = System.nanoTime();
            VectorIndex.open(s.saveDir(), "bench");
            openSeconds = secs(to);
        }
        HnswResult h = new HnswResult(
                s.m(),
                s.efConstruction(),
                hnsw.buildSeconds(),
                heapDelta,
                4L * n * d,
                List.copyOf(rows),
                saveSeconds,
                openSeconds);
        return new Report(
                data.source(),
                n,
                d,
                queries.length,
                s.k(),
                s.threads(),
                Runtime.getRuntime().availableProcessors(),
                Vectors.kernel(),
                Runtime.version().toString(),
                loadAtStart,
                stats,
                exactRow,
                comparison,
                h,
                loadAverage());
    }

    private static DistanceComparison compareKernels(float[][] corpus, Settings s, ProgressListener progress) {
        int cn = Math.min(s.compareVectors(), corpus.length);
        float[][] sub = Arrays.copyOf(corpus, cn);
        double scalarNs = dotNanos(InnerProductDistance.SCALAR, corpus);
        double vectorNs = dotNanos(InnerProductDistance.VECTOR_API, corpus);
        double builtinNs = dotNanos(DistanceFunctions.FLOAT_INNER_PRODUCT, corpus);
        // Warm up both kernels (JIT) on a small build first, so neither pays for compilation.
        progress.progress(0, -1, "distance comparison: warming up");
        for (InnerProductDistance dist : List.of(InnerProductDistance.SCALAR, InnerProductDistance.VECTOR_API)) {
            HnswVectorIndex.builder("warm-up")
                    .optM(s.m())
                    .optEfConstruction(s.efConstruction())
                    .optThreads(s.threads())
                    .optDistance(dist)
                    .build(Arrays.copyOf(corpus, Math.min(corpus.length, 3000)));
        }
        // Interleave the kernels and keep each one's fastest build: the machine may be shared.
        double[] times = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int rep = 0; rep < s.compareRepeats(); rep++) {
            for (int pass = 0; pass < 2; pass++) {
                InnerProductDistance dist = pass == 0 ? InnerProductDistance.SCALAR : InnerProductDistance.VECTOR_API;
                progress.progress(
                        0,
                        -1,
                        String.format(
                                Locale.ROOT,
                                "distance comparison %d/%d: building %,d vectors with %s",
                                rep + 1,
                                s.compareRepeats(),
                                cn,
                                dist));
                long tb = System.nanoTime();
                HnswVectorIndex.builder("bench")
                        .optM(s.m())
                        .optEfConstruction(s.efConstruction())
                        .optEf(s.ef())
                        .optThreads(s.threads())
                        .optDistance(dist)
                        .build(sub);
                times[pass] = Math.min(times[pass], secs(tb));
            }
        }
        return new DistanceComparison(
                cn, scalarNs, vectorNs, builtinNs, s.compareRepeats(), times[0], times[1], times[0] / times[1]);
    }

    /** Synthetic vectors: clustered, embedding-like ({@link SyntheticEmbeddings}), or uniform on the sphere. */
    public static Data synthetic(int n, int dim, int clusters, boolean uniform, int queryCount, long seed) {
        if (uniform) {
            return new Data(
                    uniform(n, dim, seed),
                    uniform(queryCount, dim, seed + 1),
                    String.format(Locale.ROOT, "synthetic: uniform on the sphere, seed %d", seed));
        }
        SyntheticEmbeddings gen = new SyntheticEmbeddings(dim, clusters, seed);
        return new Data(
                gen.corpus(n),
                gen.queries(queryCount),
                String.format(Locale.ROOT, "synthetic: %d clusters, seed %d", clusters, seed));
    }

    /**
     * Real embeddings: {@code queries} as given, or, when {@code null}, {@code holdOut} rows of {@code all} drawn
     * at random (seeded) as queries and the rest as the corpus. Everything is L2-normalised (indexes keep
     * unit-length input by reference, so both share the arrays).
     */
    public static Data real(float[][] all, float[][] queries, int holdOut, long seed, String source) {
        float[][] corpus;
        float[][] q;
        if (queries != null) {
            corpus = all;
            q = queries;
        } else {
            if (holdOut >= all.length) {
                throw new IllegalArgumentException(
                        "--query_count " + holdOut + " must be below the " + all.length + " rows of " + source);
            }
            int[] perm = permutation(all.length, seed);
            q = new float[holdOut][];
            corpus = new float[all.length - holdOut][];
            for (int i = 0; i < all.length; i++) {
                if (i < holdOut) {
                    q[i] = all[perm[i]];
                } else {
                    corpus[i - holdOut] = all[perm[i]];
                }
            }
            source = source + " (" + holdOut + " rows held out as queries)";
        }
        for (float[][] set : List.of(corpus, q)) {
            for (int i = 0; i < set.length; i++) {
                set[i] = Vectors.normalized(set[i]);
            }
        }
        return new Data(corpus, q, source);
    }

    private static SimilarityStats similarityStats(ExactVectorIndex ex, float[][] corpus, float[][] queries) {
        SplittableRandom r = new SplittableRandom(7);
        double pair = 0;
        int pairs = 5000;
        for (int i = 0; i < pairs; i++) {
            pair += Vectors.dot(corpus[r.nextInt(corpus.length)], corpus[r.nextInt(corpus.length)]);
        }
        int qn = Math.min(100, queries.length); // top-1/top-10 from a 100-query sample
        List<List<Hit>> top = ex.searchAll(Arrays.copyOf(queries, qn), 10);
        return new SimilarityStats(
                pair / pairs,
                top.stream().mapToDouble(l -> l.get(0).score()).average().orElse(Double.NaN),
                top.stream()
                        .mapToDouble(l -> l.get(Math.min(9, l.size() - 1)).score())
                        .average()
                        .orElse(Double.NaN));
    }

    private static double dotNanos(DistanceFunction<float[], Float> f, float[][] vs) {
        int n = Math.min(vs.length, 4096);
        float sink = 0;
        for (int rep = 0; rep < 3; rep++) { // warm-up then measure
            long t = System.nanoTime();
            int calls = 0;
            for (int i = 0; i < 2_000_000; i++) {
                sink += f.distance(vs[i % n], vs[(i * 31 + 7) % n]);
                calls++;
            }
            if (rep == 2) {
                double ns = (System.nanoTime() - t) / (double) calls;
                return sink == 42.4242f ? ns + 1e-9 : ns; // keeps the JIT from dropping the loop
            }
        }
        return Double.NaN;
    }

    private static float[][] uniform(int n, int dim, long seed) {
        float[][] out = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) r.nextGaussian();
            }
            out[i] = Vectors.normalizeInPlace(v);
        });
        return out;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The 1/5/15-minute load averages from /proc/loadavg (other users of a shared machine), or "n/a". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long usedHeap() {
        return ProcessMemory.usedHeapAfterGc();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
