package dev.nsw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nsw.bench.ScaleBenchmark;
import dev.nsw.bench.SyntheticCorpus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsw bench scale}: {@link ScaleBenchmark} at a size the heap would not hold twice — synthetic vectors
 * (HNSW build time and peak memory, recall@k and latency against exact search over the memory-mapped file) and
 * synthetic texts (BM25 index time and latency). Tables to stdout, progress to stderr.
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "One machine at scale on synthetic data: N vectors streamed to an .npy, exact search over it memory-mapped"
                    + " (ground truth and latency), HNSW built from rows read one at a time (build time, peak RSS,"
                    + " recall@k and p50/p95 per ef); N synthetic texts (as `nsw data synth` writes them) in an on-disk"
                    + " BM25 index (build time, p50/p95). Each phase reports its own peak resident memory.",
            "Synthetic because embedding 1M texts takes about a day on 2 cores; the vectors are clustered and"
                    + " anisotropic like real embeddings (see bench ann)."
        })
public final class BenchScaleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Part {
        VECTORS,
        BM25,
        ALL
    }

    @Option(names = "--docs", description = "Synthetic vectors and documents.")
    int docs = 1_000_000;

    @Option(
            names = "--part",
            paramLabel = "vectors|bm25|all",
            completionCandidates = EnumChoices.ScalePart.class,
            description = "Which half to measure.")
    Part part = Part.ALL;

    @Option(names = "--dim", description = "Dimensions of the synthetic vectors (the recipe's projection: 256).")
    int dim = 256;

    @Option(names = "--lang", paramLabel = "en|zh", description = "Language of the synthetic documents.")
    String lang = "en";

    @Option(names = "--seed", description = "Random seed.")
    long seed = 42;

    @Mixin
    QueryCountOptions queryCount = new QueryCountOptions(1000);

    /** Recall@k and latency at this cut-off. */
    @Mixin
    CutoffOptions cutoff = new CutoffOptions(10);

    /** M 16, efConstruction 100: the README's 100k figures were measured with them. */
    @Mixin
    HnswOptions hnsw = new HnswOptions(16);

    @Option(names = "--ef_sweep", split = ",", paramLabel = "EF", description = "HNSW search beams to measure.")
    int[] efSweep = {50, 100, 200};

    @Option(names = "--threads", description = "HNSW build threads (default: all cores).")
    Integer threads;

    @Option(names = "--exact_queries", description = "Queries timed for one-thread exact search over the mapped file.")
    int exactQueries = 50;

    @Option(names = "--save_index", description = "Also save the HNSW index (its size on disk is reported).")
    boolean saveIndex;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "Working folder: corpus.npy, queries.npy, bm25/, hnsw/ (GBs at 1M).")
    @Writes(folder = true)
    Path output;

    @Option(names = "--json_file", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    @Writes
    Path json;

    @Override
    public Integer call() throws Exception {
        if (docs < 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--docs must be >= 100, got " + docs);
        }
        SyntheticCorpus.Language language =
                CliSupport.usage(spec, "--lang: ", () -> SyntheticCorpus.Language.parse(lang));
        int q = queryCount.count();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        var settings = CliSupport.usage(
                spec,
                "",
                () -> new ScaleBenchmark.VectorSettings(
                        docs, dim, seed, q, cutoff.k(), hnsw.m, hnsw.efConstruction, efSweep, nThreads, exactQueries));
        Files.createDirectories(output);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> results = new LinkedHashMap<>();
        out.printf(
                Locale.ROOT,
                "bench scale: %,d synthetic items, %d cores, max heap %,d MiB, Java %s%n",
                docs,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.version());
        if (part != Part.BM25) {
            var r = ScaleBenchmark.vectors(settings, output, saveIndex, ConsoleProgress.of(spec));
            results.put("vectors", r);
            printVectors(out, r);
        }
        if (part != Part.VECTORS) {
            var r = ScaleBenchmark.bm25(docs, language, seed, q, cutoff.k(), output, ConsoleProgress.of(spec));
            results.put("bm25", r);
            printBm25(out, r);
        }
        out.flush();
        if (json != null) {
            Files.writeString(
                    json,
                    new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(results));
        }
        return 0;
    }

    private static void printVectors(PrintWriter out, ScaleBenchmark.VectorReport r) {
        out.printf(
                Locale.ROOT,
                "%nvectors: %,d x %d (.npy %,d MiB), %d queries, recall@%d vs exact; HNSW M %d efC %d, %d build threads;"
                        + " load %s -> %s%n",
                r.n(),
                r.dim(),
                r.npyBytes() >> 20,
                r.queries(),
                r.k(),
                r.m(),
                r.efConstruction(),
                r.threads(),
                r.loadAverageAtStart(),
                r.loadAverageAtEnd());
        printPhases(out, r.phases());
        out.printf(
                Locale.ROOT,
                "  %-34s p50 %8.2f ms  p95 %8.2f ms  (%d queries, one thread, mapped file)%n",
                "exact search",
                r.exact().p50Ms(),
                r.exact().p95Ms(),
                r.exact().queries());
        for (var row : r.hnsw()) {
            out.printf(
                    Locale.ROOT,
                    "  %-34s p50 %8.2f ms  p95 %8.2f ms  recall@%d %.4f%n",
                    "HNSW ef " + row.ef(),
                    row.latency().p50Ms(),
                    row.latency().p95Ms(),
                    r.k(),
                    row.recall());
        }
        if (r.indexFileBytes() != null) {
            out.printf(Locale.ROOT, "  HNSW index on disk: %,d MiB%n", r.indexFileBytes() >> 20);
        }
        out.printf(Locale.ROOT, "  peak RSS of the process: %s%n", mb(r.peakRssBytes()));
    }

    private static void printBm25(PrintWriter out, ScaleBenchmark.Bm25Report r) {
        out.printf(
                Locale.ROOT,
                "%nBM25: %,d synthetic %s documents (%,d MiB of text), %d queries, top %d; load %s -> %s%n",
                r.n(),
                r.language(),
                r.textChars() >> 20,
                r.queries(),
                r.k(),
                r.loadAverageAtStart(),
                r.loadAverageAtEnd());
        printPhases(out, r.phases());
        out.printf(
                Locale.ROOT,
                "  %-34s p50 %8.2f ms  p95 %8.2f ms  gold in top %d: %.3f%n",
                "BM25 query",
                r.latency().p50Ms(),
                r.latency().p95Ms(),
                r.k(),
                r.recallAtK());
        out.printf(Locale.ROOT, "  index on disk: %,d MiB; peak RSS: %s%n", r.indexBytes() >> 20, mb(r.peakRssBytes()));
    }

    private static void printPhases(PrintWriter out, List<ScaleBenchmark.Phase> phases) {
        List<String> lines = new ArrayList<>();
        for (var p : phases) {
            lines.add(String.format(
                    Locale.ROOT,
                    "  %-46s %9.1f s   peak RSS %9s%s",
                    p.name(),
                    p.seconds(),
                    mb(p.peakRssBytes()),
                    p.heapAfterBytes() == null ? "" : "   heap after GC " + mb(p.heapAfterBytes())));
        }
        lines.forEach(out::println);
    }

    private static String mb(Long bytes) {
        return bytes == null ? "n/a" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }
}
