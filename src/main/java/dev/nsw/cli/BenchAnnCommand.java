package dev.nsw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nsw.bench.AnnBenchmark;
import dev.nsw.index.Vectors;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.NpyFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nsw bench ann}: the options, the data (real or synthetic) and the table of {@link AnnBenchmark}, which
 * measures HNSW against exact search. The table goes to stdout, progress to stderr.
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

    @Spec
    CommandSpec spec;

    static final class Input {
        @Option(
                names = "--embeddings",
                paramLabel = "FILE.npy",
                description = "Corpus embeddings, float32 [n, d] (e.g. corpus_embedding.npy).")
        Path embeddings;

        @Option(names = "--synthetic", paramLabel = "N", description = "Generate N synthetic corpus vectors instead.")
        Integer synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
            names = "--queries",
            paramLabel = "FILE.npy",
            description = "Query embeddings [q, d]. Default with --embeddings: hold out --query_count corpus rows.")
    Path queriesFile;

    @Option(names = "--dim", defaultValue = "256", description = "Dimensions of synthetic vectors.")
    int dim;

    @Option(names = "--clusters", description = "Clusters of synthetic vectors (default: N / 300).")
    Integer clusters;

    @Option(
            names = "--distribution",
            defaultValue = "clustered",
            paramLabel = "clustered|uniform",
            completionCandidates = EnumChoices.Distribution.class,
            description = "Synthetic distribution: clustered (embedding-like) or uniform (on the sphere; only to"
                    + " compare with uniform-data reference figures).")
    Distribution distribution;

    enum Distribution {
        CLUSTERED,
        UNIFORM
    }

    @Option(names = "--seed", defaultValue = "42", description = "Random seed.")
    long seed;

    /** Queries generated with --synthetic, or held out of --embeddings without --queries. */
    @Mixin
    QueryCountOptions queryCount = new QueryCountOptions(1000);

    @Mixin
    HnswOptions hnsw;

    @Mixin
    SearchBeamOptions beam;

    // Defaults below are initial values: picocli would apply a defaultValue over what a hidden alias set.
    @Option(names = "--ef_sweep", split = ",", paramLabel = "EF", description = "Further ef values to measure.")
    int[] efSweep = {10, 20, 50, 100, 200, 400};

    /** Recall@k is measured at this cut-off. */
    @Mixin
    CutoffOptions cutoff = new CutoffOptions(10);

    @Option(names = "--threads", description = "Build threads (default: all cores).")
    Integer threads;

    @Option(
            names = "--compare_distance",
            paramLabel = "N",
            description = "Also build HNSW on the first N vectors with the scalar and the Vector API distance and"
                    + " compare build times; 0 skips.")
    int compareN = 20_000;

    @Option(
            names = "--compare_repeats",
            description = "Builds per kernel in the comparison, interleaved; the fastest counts.")
    int compareRepeats = 2;

    @Option(names = "--exact_queries", description = "Queries timed for single-thread exact search.")
    int exactQueries = 100;

    @Option(names = "--ef-sweep", hidden = true, split = ",", paramLabel = "EF")
    void oldEfSweep(int[] values) {
        efSweep = values;
    }

    @Option(names = "--compare-distance", hidden = true, paramLabel = "N")
    void oldCompareDistance(int n) {
        compareN = n;
    }

    @Option(names = "--compare-repeats", hidden = true, paramLabel = "N")
    void oldCompareRepeats(int n) {
        compareRepeats = n;
    }

    @Option(names = "--exact-queries", hidden = true, paramLabel = "N")
    void oldExactQueries(int n) {
        exactQueries = n;
    }

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description = "Also save the HNSW index there and time save and open.")
    @Writes(folder = true)
    Path saveDir;

    // not --json, which is evaluate's flag for printing JSON: one name, one meaning
    @Option(names = "--json_file", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    @Writes
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        validate();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        AnnBenchmark.Settings settings = CliSupport.usage(
                spec,
                "",
                () -> new AnnBenchmark.Settings(
                        hnsw.m,
                        hnsw.efConstruction,
                        beam.ef,
                        efSweep,
                        cutoff.k(),
                        nThreads,
                        compareN,
                        compareRepeats,
                        exactQueries,
                        saveDir));
        long t0 = System.nanoTime();
        AnnBenchmark.Data data;
        if (input.synthetic != null) {
            int c = clusters == null ? Math.max(1, input.synthetic / 300) : clusters;
            err.printf(
                    "generating %,d synthetic vectors (%d dims, %d clusters) and %,d held-out queries...%n",
                    input.synthetic, dim, c, queryCount.count());
            err.flush();
            data = AnnBenchmark.synthetic(
                    input.synthetic, dim, c, distribution == Distribution.UNIFORM, queryCount.count(), seed);
        } else {
            err.printf("reading %s...%n", input.embeddings);
            err.flush();
            float[][] all = NpyFile.readVectors(input.embeddings);
            float[][] queries = queriesFile == null ? null : NpyFile.readVectors(queriesFile);
            String source =
                    queriesFile == null ? input.embeddings.toString() : input.embeddings + " + queries " + queriesFile;
            data = CliSupport.usage(spec, "", () -> AnnBenchmark.real(all, queries, queryCount.count(), seed, source));
        }
        err.printf(
                Locale.ROOT,
                "data ready in %.1f s: %,d x %d, %,d queries; kernel %s; %d build threads%n",
                (System.nanoTime() - t0) / 1e9,
                data.corpus().length,
                data.corpus()[0].length,
                data.queries().length,
                Vectors.kernel(),
                nThreads);
        err.flush();
        AnnBenchmark.Report report = AnnBenchmark.run(data, settings, ConsoleProgress.of(spec));
        printTable(spec.commandLine().getOut(), report);
        if (json != null) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            String text = om.writeValueAsString(report);
            // the one write rule: atomic for a file, in place for a FIFO or /dev/stdout
            AtomicFiles.writeText(json, w -> w.write(text));
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
        queryCount.count();
    }

    private static void printTable(PrintWriter out, AnnBenchmark.Report r) {
        AnnBenchmark.ExactRow exact = r.exact();
        AnnBenchmark.HnswResult h = r.hnsw();
        AnnBenchmark.SimilarityStats stats = r.similarityStats();
        out.printf(
                Locale.ROOT,
                "ANN benchmark: %,d x %d vectors, %,d queries, recall@%d vs exact; %s%n",
                r.corpus(),
                r.dimensions(),
                r.queries(),
                r.k(),
                r.source());
        out.printf(
                Locale.ROOT,
                "kernel %s, %d build threads on %d cores, Java %s%n",
                r.kernel(),
                r.buildThreads(),
                r.cores(),
                r.java());
        out.printf(
                Locale.ROOT,
                "cosine: random pair %.3f, query top-1 %.3f, top-10 %.3f; load average at start %s, at end %s%n%n",
                stats.randomPair(),
                stats.top1(),
                stats.top10(),
                r.loadAverageAtStart(),
                r.loadAverageAtEnd());
        out.printf(
                Locale.ROOT, "%-28s %10s %12s %10s %12s%n", "index", "build s", "q/s (1 thr)", "recall", "memory MB");
        out.printf(
                Locale.ROOT,
                "%-28s %10.1f %12.1f %10.4f %12.1f%n",
                "exact (brute force)",
                exact.buildSeconds(),
                exact.qpsSingleThread(),
                1.0,
                exact.memoryBytes() / 1e6);
        for (AnnBenchmark.SweepRow row : h.sweep()) {
            boolean first = row == h.sweep().getFirst();
            out.printf(
                    Locale.ROOT,
                    "%-28s %10s %12.1f %10.4f %12s%n",
                    String.format(Locale.ROOT, "hnsw M%d efC%d ef%d", h.m(), h.efConstruction(), row.ef()),
                    first ? String.format(Locale.ROOT, "%.1f", h.buildSeconds()) : "",
                    row.qpsSingleThread(),
                    row.recall(),
                    first ? String.format(Locale.ROOT, "%.1f", (h.vectorBytes() + h.heapDeltaBytes()) / 1e6) : "");
        }
        out.printf(
                Locale.ROOT,
                "%nexact, all cores: %.1f q/s. HNSW memory = vectors %.1f MB + graph/heap delta %.1f MB.%n",
                exact.qpsAllCores(),
                h.vectorBytes() / 1e6,
                h.heapDeltaBytes() / 1e6);
        AnnBenchmark.DistanceComparison cmp = r.distanceComparison();
        if (cmp != null) {
            out.printf(
                    Locale.ROOT,
                    "distance kernel, HNSW build of %,d vectors (same M/efC, best of %d): scalar %.1f s, Vector API %.1f s,"
                            + " speed-up x%.2f; one %d-d distance: scalar %.1f ns, Vector API %.1f ns, hnswlib built-in %.1f ns%n",
                    cmp.vectors(),
                    cmp.repeats(),
                    cmp.buildSecondsScalar(),
                    cmp.buildSecondsVectorApi(),
                    cmp.speedup(),
                    r.dimensions(),
                    cmp.dotNanosScalar(),
                    cmp.dotNanosVectorApi(),
                    cmp.dotNanosHnswlibBuiltin());
        }
        if (h.saveSeconds() != null) {
            out.printf(
                    Locale.ROOT,
                    "save %.1f s, open (checksum + deserialise) %.1f s%n",
                    h.saveSeconds(),
                    h.openSeconds());
        }
        out.flush();
    }
}
