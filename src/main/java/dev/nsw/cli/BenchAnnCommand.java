package dev.nsw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.BuildProgressListener;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.Hit;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.index.InnerProductDistance;
import dev.nsw.index.VectorIndex;
import dev.nsw.index.Vectors;
import dev.nsw.io.NpyFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nsw bench ann}: HNSW against exact search on real or synthetic embeddings — build time, single-thread
 * queries per second, recall@k against exact, memory, and the Vector API distance against the scalar one.
 * The table goes to stdout, progress to stderr.
 */
@Command(
        name = "ann",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmarks HNSW (hnswlib-java, inner product on L2-normalised vectors) against exact search.",
            "Reports build time, single-thread queries/s, recall@k against exact search and memory, for a sweep"
                    + " of ef values, and the build time of the Vector API distance against the scalar one.",
            "Synthetic data: clustered, anisotropic, L2-normalised vectors with held-out queries drawn from the"
                    + " same clusters (uniform random vectors would make any ANN index look broken)."
        })
public final class BenchAnnCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    static final class Input {
        @Option(names = "--embeddings", paramLabel = "FILE.npy",
                description = "Corpus embeddings, float32 [n, d] (e.g. corpus_embedding.npy).")
        Path embeddings;

        @Option(names = "--synthetic", paramLabel = "N", description = "Generate N synthetic corpus vectors instead.")
        Integer synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--queries", paramLabel = "FILE.npy",
            description = "Query embeddings [q, d]. Default with --embeddings: hold out --query-count corpus rows.")
    Path queriesFile;

    @Option(names = "--dim", defaultValue = "256", description = "Dimensions of synthetic vectors (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--clusters", description = "Clusters of synthetic vectors (default: N / 300).")
    Integer clusters;

    @Option(names = "--distribution", defaultValue = "clustered",
            description = "Synthetic distribution: clustered (embedding-like) or uniform (on the sphere; only to"
                    + " compare with uniform-data reference figures) (default: ${DEFAULT-VALUE}).")
    Distribution distribution;

    enum Distribution { clustered, uniform }

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--query-count", defaultValue = "1000", description = "Queries to generate or hold out (default: ${DEFAULT-VALUE}).")
    int queryCount;

    @Option(names = {"-M", "--m"}, defaultValue = "100", description = "HNSW M (default: ${DEFAULT-VALUE}, as the recipe).")
    int m;

    @Option(names = "--ef-construction", defaultValue = "100", description = "HNSW efConstruction (default: ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--ef", defaultValue = "100", description = "HNSW ef for the main row (default: ${DEFAULT-VALUE}).")
    int ef;

    @Option(names = "--ef-sweep", split = ",", defaultValue = "10,20,50,100,200,400",
            description = "Further ef values to measure (default: ${DEFAULT-VALUE}).")
    int[] efSweep;

    @Option(names = "-k", defaultValue = "10", description = "Recall@k cut-off (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--threads", description = "Build threads (default: all cores).")
    Integer threads;

    @Option(names = "--compare-distance", defaultValue = "20000", paramLabel = "N",
            description = "Also build HNSW on the first N vectors with the scalar and the Vector API distance and"
                    + " compare build times; 0 skips (default: ${DEFAULT-VALUE}).")
    int compareN;

    @Option(names = "--compare-repeats", defaultValue = "2",
            description = "Builds per kernel in the comparison, interleaved; the fastest counts (default: ${DEFAULT-VALUE}).")
    int compareRepeats;

    @Option(names = "--exact-queries", defaultValue = "100",
            description = "Queries timed for single-thread exact search (default: ${DEFAULT-VALUE}).")
    int exactQueries;

    @Option(names = "--save", paramLabel = "DIR", description = "Also save the HNSW index there and time save and open.")
    @Writes(folder = true)
    Path saveDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    @Writes
    Path json;

    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        validate();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Map<String, Object> report = new LinkedHashMap<>();

        // ---- data
        float[][] corpus;
        float[][] queries;
        String source;
        long t0 = System.nanoTime();
        if (input.synthetic != null) {
            int n = input.synthetic;
            int c = clusters == null ? Math.max(1, n / 300) : clusters;
            SyntheticEmbeddings gen = new SyntheticEmbeddings(dim, c, seed);
            err.printf("generating %,d synthetic vectors (%d dims, %d clusters) and %,d held-out queries...%n",
                    n, dim, c, queryCount);
            err.flush();
            if (distribution == Distribution.uniform) {
                corpus = uniform(n, dim, seed);
                queries = uniform(queryCount, dim, seed + 1);
                source = String.format(Locale.ROOT, "synthetic: uniform on the sphere, seed %d", seed);
            } else {
                corpus = gen.corpus(n);
                queries = gen.queries(queryCount);
                source = String.format(Locale.ROOT, "synthetic: %d clusters, seed %d", c, seed);
            }
        } else {
            err.printf("reading %s...%n", input.embeddings);
            err.flush();
            float[][] all = NpyFile.read(input.embeddings);
            if (queriesFile != null) {
                corpus = all;
                queries = NpyFile.read(queriesFile);
                source = input.embeddings + " + queries " + queriesFile;
            } else {
                if (queryCount >= all.length) {
                    throw new ParameterException(spec.commandLine(), "--query-count " + queryCount
                            + " must be below the " + all.length + " rows of " + input.embeddings);
                }
                int[] perm = permutation(all.length, seed);
                queries = new float[queryCount][];
                corpus = new float[all.length - queryCount][];
                for (int i = 0; i < all.length; i++) {
                    if (i < queryCount) {
                        queries[i] = all[perm[i]];
                    } else {
                        corpus[i - queryCount] = all[perm[i]];
                    }
                }
                source = input.embeddings + " (" + queryCount + " rows held out as queries)";
            }
            // Indexes keep unit-length input by reference; normalise once here so both share the arrays.
            for (float[][] set : List.of(corpus, queries)) {
                for (int i = 0; i < set.length; i++) {
                    set[i] = Vectors.normalized(set[i]);
                }
            }
        }
        int n = corpus.length;
        int d = corpus[0].length;
        if (queries.length == 0 || queries[0].length != d) {
            throw new ParameterException(spec.commandLine(), "queries must be non-empty with " + d + " dimensions");
        }
        err.printf("data ready in %.1f s: %,d x %d, %,d queries; kernel %s; %d build threads%n",
                secs(t0), n, d, queries.length, Vectors.kernel(), nThreads);
        report.put("source", source);
        report.put("corpus", n);
        report.put("dimensions", d);
        report.put("queries", queries.length);
        report.put("k", k);
        report.put("buildThreads", nThreads);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("kernel", Vectors.kernel());
        report.put("java", Runtime.version().toString());
        report.put("loadAverageAtStart", loadAverage());

        // ---- exact reference
        long te = System.nanoTime();
        ExactVectorIndex exact = ExactVectorIndex.builder("bench").optThreads(nThreads).build(corpus);
        double exactBuild = secs(te);
        report.put("similarityStats", similarityStats(exact, corpus, queries));
        err.printf("exact ground truth for %,d queries...%n", queries.length);
        err.flush();
        long tg = System.nanoTime();
        List<List<Hit>> truth = exact.searchAll(queries, k);
        double truthSecs = secs(tg);
        ExactVectorIndex exact1 = exact.withParallelism(1);
        int eq = Math.min(exactQueries, queries.length);
        exact1.search(queries[0], k); // warm-up
        long tq = System.nanoTime();
        for (int i = 0; i < eq; i++) {
            exact1.search(queries[i], k);
        }
        double exactQps = eq / secs(tq);
        double exactQpsAll = queries.length / truthSecs;
        Map<String, Object> exactRow = new LinkedHashMap<>();
        exactRow.put("buildSeconds", exactBuild);
        exactRow.put("qpsSingleThread", exactQps);
        exactRow.put("qpsAllCores", exactQpsAll);
        exactRow.put("memoryBytes", exact.vectorBytes());
        report.put("exact", exactRow);

        // ---- Vector API vs scalar distance (same data subset, same parameters)
        if (compareN > 0) {
            int cn = Math.min(compareN, n);
            float[][] sub = Arrays.copyOf(corpus, cn);
            Map<String, Object> cmp = new LinkedHashMap<>();
            cmp.put("vectors", cn);
            cmp.put("dotNanosScalar", dotNanos(InnerProductDistance.SCALAR, corpus));
            cmp.put("dotNanosVectorApi", dotNanos(InnerProductDistance.VECTOR_API, corpus));
            cmp.put("dotNanosHnswlibBuiltin", dotNanos(DistanceFunctions.FLOAT_INNER_PRODUCT, corpus));
            // Warm up both kernels (JIT) on a small build first, so neither pays for compilation.
            err.printf("distance comparison: warming up...%n");
            err.flush();
            for (InnerProductDistance dist : List.of(InnerProductDistance.SCALAR, InnerProductDistance.VECTOR_API)) {
                HnswVectorIndex.builder("warm-up").optM(m).optEfConstruction(efConstruction).optThreads(nThreads)
                        .optDistance(dist).build(Arrays.copyOf(corpus, Math.min(n, 3000)));
            }
            // Interleave the kernels and keep each one's fastest build: the machine may be shared.
            double[] times = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            for (int rep = 0; rep < compareRepeats; rep++) {
                for (int pass = 0; pass < 2; pass++) {
                    InnerProductDistance dist = pass == 0 ? InnerProductDistance.SCALAR : InnerProductDistance.VECTOR_API;
                    err.printf("distance comparison %d/%d: building %,d vectors with %s...%n", rep + 1, compareRepeats,
                            cn, dist);
                    err.flush();
                    long tb = System.nanoTime();
                    HnswVectorIndex.builder("bench").optM(m).optEfConstruction(efConstruction).optEf(ef)
                            .optThreads(nThreads).optDistance(dist).build(sub);
                    times[pass] = Math.min(times[pass], secs(tb));
                }
            }
            cmp.put("repeats", compareRepeats);
            cmp.put("buildSecondsScalar", times[0]);
            cmp.put("buildSecondsVectorApi", times[1]);
            cmp.put("speedup", times[0] / times[1]);
            report.put("distanceComparison", cmp);
        }

        // ---- HNSW build
        System.gc();
        long heapBefore = usedHeap();
        err.printf("building HNSW M %d, efConstruction %d on %,d vectors...%n", m, efConstruction, n);
        err.flush();
        HnswVectorIndex hnsw = HnswVectorIndex.builder("bench").optM(m).optEfConstruction(efConstruction).optEf(ef)
                .optThreads(nThreads).optProgressListener(new StderrProgress(err, "build")).build(corpus);
        double buildSecs = hnsw.buildSeconds();
        long heapDelta = usedHeap() - heapBefore;
        err.printf("built in %.1f s%n", buildSecs);
        Map<String, Object> hnswInfo = new LinkedHashMap<>();
        hnswInfo.put("m", m);
        hnswInfo.put("efConstruction", efConstruction);
        hnswInfo.put("buildSeconds", buildSecs);
        hnswInfo.put("heapDeltaBytes", heapDelta);
        hnswInfo.put("vectorBytes", 4L * n * d);
        report.put("hnsw", hnswInfo);

        // ---- ef sweep
        int[] efs = java.util.stream.IntStream.concat(Arrays.stream(efSweep), java.util.stream.IntStream.of(ef))
                .filter(e -> e > 0).distinct().sorted().toArray();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int e : efs) {
            hnsw.setEf(e);
            for (int i = 0; i < Math.min(200, queries.length); i++) {
                hnsw.search(queries[i], k); // warm-up
            }
            long ts = System.nanoTime();
            for (float[] q : queries) {
                hnsw.search(q, k);
            }
            double qps = queries.length / secs(ts);
            double recall = AnnRecall.recallAtK(hnsw, truth, queries, k);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ef", e);
            row.put("qpsSingleThread", qps);
            row.put("recall", recall);
            rows.add(row);
            err.printf("ef %d: %.0f q/s, recall@%d %.4f%n", e, qps, k, recall);
            err.flush();
        }
        hnswInfo.put("sweep", rows);
        hnsw.setEf(ef);

        if (saveDir != null) {
            long ts = System.nanoTime();
            hnsw.save(saveDir);
            double saveSecs = secs(ts);
            long to = System.nanoTime();
            VectorIndex.open(saveDir, "bench");
            double openSecs = secs(to);
            hnswInfo.put("saveSeconds", saveSecs);
            hnswInfo.put("openSeconds", openSecs);
        }

        report.put("loadAverageAtEnd", loadAverage());
        printTable(spec.commandLine().getOut(), report, rows);
        if (json != null) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(json, om.writeValueAsString(report));
        }
        return 0;
    }

    private void validate() {
        if (input.synthetic != null && input.synthetic < 2) {
            throw new ParameterException(spec.commandLine(), "--synthetic must be >= 2, got " + input.synthetic);
        }
        if (input.synthetic != null && queriesFile != null) {
            throw new ParameterException(spec.commandLine(), "--queries needs --embeddings, not --synthetic");
        }
        if (dim < 2) {
            throw new ParameterException(spec.commandLine(), "--dim must be >= 2, got " + dim);
        }
        if (queryCount < 1) {
            throw new ParameterException(spec.commandLine(), "--query-count must be >= 1, got " + queryCount);
        }
        if (compareRepeats < 1) {
            throw new ParameterException(spec.commandLine(), "--compare-repeats must be >= 1, got " + compareRepeats);
        }
        if (k < 1) {
            throw new ParameterException(spec.commandLine(), "-k must be >= 1, got " + k);
        }
        if (m < 2 || efConstruction < 1 || ef < 1) {
            throw new ParameterException(spec.commandLine(), "need M >= 2, efConstruction >= 1, ef >= 1; got "
                    + m + ", " + efConstruction + ", " + ef);
        }
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintWriter out, Map<String, Object> r, List<Map<String, Object>> rows) {
        Map<String, Object> exact = (Map<String, Object>) r.get("exact");
        Map<String, Object> h = (Map<String, Object>) r.get("hnsw");
        Map<String, Object> stats = (Map<String, Object>) r.get("similarityStats");
        out.printf(Locale.ROOT, "ANN benchmark: %,d x %d vectors, %,d queries, recall@%d vs exact; %s%n",
                (int) r.get("corpus"), (int) r.get("dimensions"), (int) r.get("queries"), (int) r.get("k"), r.get("source"));
        out.printf(Locale.ROOT, "kernel %s, %d build threads on %d cores, Java %s%n", r.get("kernel"),
                (int) r.get("buildThreads"), (int) r.get("cores"), r.get("java"));
        out.printf(Locale.ROOT, "cosine: random pair %.3f, query top-1 %.3f, top-10 %.3f; load average at start %s, at end %s%n%n",
                stats.get("randomPair"), stats.get("top1"), stats.get("top10"), r.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd"));
        out.printf(Locale.ROOT, "%-28s %10s %12s %10s %12s%n", "index", "build s", "q/s (1 thr)", "recall", "memory MB");
        out.printf(Locale.ROOT, "%-28s %10.1f %12.1f %10.4f %12.1f%n", "exact (brute force)",
                (double) exact.get("buildSeconds"), (double) exact.get("qpsSingleThread"), 1.0,
                (long) exact.get("memoryBytes") / 1e6);
        for (Map<String, Object> row : rows) {
            boolean first = row == rows.get(0);
            out.printf(Locale.ROOT, "%-28s %10s %12.1f %10.4f %12s%n",
                    String.format(Locale.ROOT, "hnsw M%d efC%d ef%d", (int) h.get("m"), (int) h.get("efConstruction"),
                            (int) row.get("ef")),
                    first ? String.format(Locale.ROOT, "%.1f", (double) h.get("buildSeconds")) : "",
                    (double) row.get("qpsSingleThread"), (double) row.get("recall"),
                    first ? String.format(Locale.ROOT, "%.1f", ((long) h.get("vectorBytes") + (long) h.get("heapDeltaBytes")) / 1e6) : "");
        }
        out.printf(Locale.ROOT, "%nexact, all cores: %.1f q/s. HNSW memory = vectors %.1f MB + graph/heap delta %.1f MB.%n",
                (double) exact.get("qpsAllCores"), (long) h.get("vectorBytes") / 1e6, (long) h.get("heapDeltaBytes") / 1e6);
        Map<String, Object> cmp = (Map<String, Object>) r.get("distanceComparison");
        if (cmp != null) {
            out.printf(Locale.ROOT, "distance kernel, HNSW build of %,d vectors (same M/efC, best of %d): scalar %.1f s, Vector API %.1f s,"
                            + " speed-up x%.2f; one %d-d distance: scalar %.1f ns, Vector API %.1f ns, hnswlib built-in %.1f ns%n",
                    (int) cmp.get("vectors"), (int) cmp.get("repeats"), (double) cmp.get("buildSecondsScalar"), (double) cmp.get("buildSecondsVectorApi"),
                    (double) cmp.get("speedup"), (int) r.get("dimensions"), (double) cmp.get("dotNanosScalar"),
                    (double) cmp.get("dotNanosVectorApi"), (double) cmp.get("dotNanosHnswlibBuiltin"));
        }
        if (h.containsKey("saveSeconds")) {
            out.printf(Locale.ROOT, "save %.1f s, open (checksum + deserialise) %.1f s%n", (double) h.get("saveSeconds"),
                    (double) h.get("openSeconds"));
        }
        out.flush();
    }

    /** Mean cosine of random corpus pairs and of each query's exact top-1 / top-10 (how "real" the data looks). */
    private static Map<String, Object> similarityStats(ExactVectorIndex ex, float[][] corpus, float[][] queries) {
        SplittableRandom r = new SplittableRandom(7);
        double pair = 0;
        int pairs = 5000;
        for (int i = 0; i < pairs; i++) {
            pair += Vectors.dot(corpus[r.nextInt(corpus.length)], corpus[r.nextInt(corpus.length)]);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("randomPair", pair / pairs);
        // top-1/top-10 filled in cheaply from a 100-query sample
        int qn = Math.min(100, queries.length);
        List<List<Hit>> top = ex.searchAll(Arrays.copyOf(queries, qn), 10);
        s.put("top1", top.stream().mapToDouble(l -> l.get(0).score()).average().orElse(Double.NaN));
        s.put("top10", top.stream().mapToDouble(l -> l.get(Math.min(9, l.size() - 1)).score()).average().orElse(Double.NaN));
        return s;
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
                return sink == 42.4242f ? ns + 1e-9 : ns;
            }
        }
        return Double.NaN;
    }

    private static float[][] uniform(int n, int dim, long seed) {
        float[][] out = new float[n][];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
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
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Prints "build 120,000/300,000 (40%) 95 s, ETA 142 s" to stderr at most every 5 seconds. */
    static final class StderrProgress implements BuildProgressListener {
        private final PrintWriter err;
        private final String what;
        private final long start = System.nanoTime();
        private long last;

        StderrProgress(PrintWriter err, String what) {
            this.err = err;
            this.what = what;
        }

        @Override
        public synchronized void progress(int done, int total) {
            long now = System.nanoTime();
            if (now - last < 5_000_000_000L && done < total) {
                return;
            }
            last = now;
            double el = (now - start) / 1e9;
            double eta = done == 0 ? Double.NaN : el * (total - done) / done;
            err.printf(Locale.ROOT, "%s %,d/%,d (%.0f%%) %.0f s, ETA %.0f s%n", what, done, total, 100.0 * done / total, el, eta);
            err.flush();
        }
    }
}
