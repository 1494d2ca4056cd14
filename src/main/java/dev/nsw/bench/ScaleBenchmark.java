package dev.nsw.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.ScoredDoc;
import dev.nsw.index.AnnRecall;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.Hit;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.NpyFile;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One machine at a size where holding everything on the heap stops working: synthetic vectors and texts, each
 * phase with its own time and peak resident memory ({@link ProcessMemory}). {@code nsw bench scale} prints it.
 *
 * <p>Vectors ({@link #vectors}): {@code n} synthetic embeddings ({@link SyntheticEmbeddings}) are streamed to an
 * {@code .npy} a block at a time; exact search runs over the file memory-mapped ({@link ExactVectorIndex#mapped}),
 * giving the ground truth and the exact query latency; the mapping is closed; HNSW is built from rows read one at a
 * time ({@link NpyFile.RowReader}), so the heap holds the graph and its one copy of the vectors, never the matrix
 * beside it; then query latency and recall@k against exact search for each ef. Texts ({@link #bm25}): {@code n}
 * synthetic documents ({@link SyntheticCorpus}, as {@code nsw data synth} writes them) indexed by Lucene BM25 on
 * disk, and the latency of their reworded queries.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    /**
     * @param efs the search beams to measure (recall@k and latency each)
     * @param exactQueries queries timed one at a time on one thread over the mapped file (each reads all of it)
     */
    public record VectorSettings(
            int n,
            int dim,
            long seed,
            int queries,
            int k,
            int m,
            int efConstruction,
            int[] efs,
            int threads,
            int exactQueries) {
        public VectorSettings {
            if (n < 2
                    || dim < 2
                    || queries < 1
                    || k < 1
                    || m < 2
                    || efConstruction < 1
                    || threads < 1
                    || exactQueries < 1
                    || efs.length == 0) {
                throw new IllegalArgumentException("need n, dim, M >= 2 and queries, k, efConstruction, threads,"
                        + " exact queries >= 1 and at least one ef");
            }
        }
    }

    /** Latency percentiles of one kind of query, single thread, in ms. */
    public record Latency(int queries, double p50Ms, double p95Ms, double meanMs) {
        static Latency of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return new Latency(
                    s.length,
                    quantile(s, 0.5) / 1e6,
                    quantile(s, 0.95) / 1e6,
                    Arrays.stream(s).average().orElse(0) / 1e6);
        }

        private static double quantile(long[] sorted, double q) { // nearest rank
            int at = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
        }
    }

    /** A phase's seconds and the process's peak resident memory during it (null where /proc is missing). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(String name, double seconds, Long peakRssBytes, Long heapAfterBytes) {}

    public record EfRow(int ef, double recall, Latency latency) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VectorReport(
            int n,
            int dim,
            int queries,
            int k,
            int m,
            int efConstruction,
            int threads,
            long npyBytes,
            Latency exact,
            List<EfRow> hnsw,
            Long indexFileBytes,
            List<Phase> phases,
            Long peakRssBytes,
            long maxHeapBytes,
            String loadAverageAtStart,
            String loadAverageAtEnd) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bm25Report(
            int n,
            String language,
            long textChars,
            int queries,
            int k,
            double recallAtK,
            Latency latency,
            long indexBytes,
            List<Phase> phases,
            Long peakRssBytes,
            String loadAverageAtStart,
            String loadAverageAtEnd) {}

    /** The vector half; files go to {@code workDir} ({@code corpus.npy}, {@code queries.npy}, {@code hnsw/}). */
    public static VectorReport vectors(VectorSettings s, Path workDir, boolean saveIndex, ProgressListener progress)
            throws IOException {
        String loadStart = AnnBenchmark.loadAverage();
        Files.createDirectories(workDir);
        List<Phase> phases = new ArrayList<>();
        SyntheticEmbeddings gen = SyntheticEmbeddings.forCorpus(s.n(), s.dim(), s.seed());
        Path npy = workDir.resolve("corpus.npy");

        // 1. Vectors to a file, a block at a time.
        Phase p = timed("write " + s.n() + " synthetic vectors", () -> {
                    writeStreamed(npy, gen, s.n(), s.dim(), progress);
                    return null;
                })
                .phase();
        phases.add(p);
        float[][] queries = gen.queries(s.queries());
        NpyFile.write(workDir.resolve("queries.npy"), queries);

        // 2. Exact search over the mapped file: ground truth, and one-thread latency.
        List<List<Hit>> truth;
        Latency exactLatency;
        ProcessMemory.resetPeak();
        long t0 = System.nanoTime();
        try (Arena arena = Arena.ofShared()) {
            ExactVectorIndex exact = ExactVectorIndex.mapped("synthetic", NpyFile.map(npy, arena), null);
            progress.progress(0, -1, String.format(Locale.ROOT, "exact ground truth for %,d queries", queries.length));
            truth = exact.searchAll(queries, s.k());
            ExactVectorIndex one = exact.withParallelism(1);
            int eq = Math.min(s.exactQueries(), queries.length);
            for (int i = 0; i < Math.min(3, queries.length); i++) {
                one.search(queries[queries.length - 1 - i], s.k()); // warm-up (JIT)
            }
            long[] nanos = new long[eq];
            for (int i = 0; i < eq; i++) {
                long a = System.nanoTime();
                one.search(queries[i], s.k());
                nanos[i] = System.nanoTime() - a;
            }
            exactLatency = Latency.of(nanos);
        }
        phases.add(phase("exact search over the mapped .npy", t0));

        // 3. HNSW from rows read one at a time.
        ProcessMemory.usedHeapAfterGc();
        ProcessMemory.resetPeak();
        long tb = System.nanoTime();
        HnswVectorIndex hnsw;
        try (NpyFile.RowReader rows = NpyFile.RowReader.open(npy)) {
            hnsw = HnswVectorIndex.builder("synthetic")
                    .optM(s.m())
                    .optEfConstruction(s.efConstruction())
                    .optEf(s.efs()[0])
                    .optThreads(s.threads())
                    .optProgressListener(progress)
                    .build(rows, null);
        }
        double buildSeconds = (System.nanoTime() - tb) / 1e9;
        long heapAfterBuild = ProcessMemory.usedHeapAfterGc();
        phases.add(new Phase(
                String.format(
                        Locale.ROOT, "HNSW build M %d efC %d, %d threads", s.m(), s.efConstruction(), s.threads()),
                buildSeconds,
                peak(),
                heapAfterBuild));

        // 4. Queries per ef: one thread, one query at a time.
        ProcessMemory.resetPeak();
        long tq = System.nanoTime();
        List<EfRow> rows = new ArrayList<>();
        for (int ef : s.efs()) {
            hnsw.setEf(ef);
            for (int i = 0; i < Math.min(100, queries.length); i++) {
                hnsw.search(queries[i], s.k()); // warm-up
            }
            long[] nanos = new long[queries.length];
            for (int i = 0; i < queries.length; i++) {
                long a = System.nanoTime();
                hnsw.search(queries[i], s.k());
                nanos[i] = System.nanoTime() - a;
            }
            double recall =
                    AnnRecall.check(hnsw, truth, queries, s.k()).orElseThrow().recall();
            rows.add(new EfRow(ef, recall, Latency.of(nanos)));
            progress.progress(0, -1, String.format(Locale.ROOT, "ef %d: recall@%d %.4f", ef, s.k(), recall));
        }
        phases.add(phase("HNSW queries", tq));

        Long indexBytes = null;
        if (saveIndex) {
            long ts = System.nanoTime();
            Path dir = workDir.resolve("hnsw");
            hnsw.save(dir);
            indexBytes = folderBytes(dir);
            phases.add(phase("HNSW save", ts));
        }
        Long overall = phases.stream()
                .map(Phase::peakRssBytes)
                .filter(x -> x != null)
                .max(Long::compare)
                .orElse(null);
        return new VectorReport(
                s.n(),
                s.dim(),
                queries.length,
                s.k(),
                s.m(),
                s.efConstruction(),
                s.threads(),
                Files.size(npy),
                exactLatency,
                List.copyOf(rows),
                indexBytes,
                List.copyOf(phases),
                overall,
                Runtime.getRuntime().maxMemory(),
                loadStart,
                AnnBenchmark.loadAverage());
    }

    /** The text half: {@code n} synthetic documents in a BM25 index under {@code workDir/bm25}. */
    public static Bm25Report bm25(
            int n,
            SyntheticCorpus.Language lang,
            long seed,
            int queryCount,
            int k,
            Path workDir,
            ProgressListener progress)
            throws IOException {
        String loadStart = AnnBenchmark.loadAverage();
        List<Phase> phases = new ArrayList<>();
        ProcessMemory.resetPeak();
        long tg = System.nanoTime();
        SyntheticCorpus synth = new SyntheticCorpus(lang, seed, n);
        List<Document> docs = new ArrayList<>(n);
        long chars = 0;
        for (int i = 0; i < n; i++) {
            String text = synth.document(i);
            chars += text.length();
            docs.add(new Document(Integer.toString(i + 1), text));
            if ((i + 1) % 50_000 == 0) {
                progress.progress(i + 1, n, "generating synthetic documents");
            }
        }
        Corpus corpus = Corpus.of(docs);
        docs = null;
        List<SyntheticCorpus.GoldQuery> golds = synth.queries(n, queryCount);
        phases.add(phase("generate " + n + " synthetic documents", tg));

        ProcessMemory.resetPeak();
        long tb = System.nanoTime();
        Path folder = workDir.resolve("bm25");
        Bm25Options options =
                new Bm25Options(LexicalAnalyzer.autoFor(corpus), Bm25Options.DEFAULT_K1, Bm25Options.DEFAULT_B);
        Latency latency;
        int hits = 0;
        try (Bm25Index index = Bm25Index.build(corpus, folder, options, progress, CancellationToken.NEVER)) {
            phases.add(phase("BM25 index (" + options.analyzer().cliName() + " analyzer), on disk", tb));
            ProcessMemory.resetPeak();
            long tq = System.nanoTime();
            for (int i = 0; i < Math.min(50, golds.size()); i++) {
                index.search(golds.get(i).query(), k); // warm-up
            }
            long[] nanos = new long[golds.size()];
            for (int i = 0; i < golds.size(); i++) {
                SyntheticCorpus.GoldQuery g = golds.get(i);
                long a = System.nanoTime();
                List<ScoredDoc> top = index.search(g.query(), k);
                nanos[i] = System.nanoTime() - a;
                String gold = Integer.toString(g.document() + 1);
                if (top.stream().anyMatch(d -> d.docId().equals(gold))) {
                    hits++;
                }
            }
            latency = Latency.of(nanos);
            phases.add(phase("BM25 queries", tq));
        }
        Long overall = phases.stream()
                .map(Phase::peakRssBytes)
                .filter(x -> x != null)
                .max(Long::compare)
                .orElse(null);
        return new Bm25Report(
                n,
                lang.name().toLowerCase(Locale.ROOT),
                chars,
                golds.size(),
                k,
                hits / (double) golds.size(),
                latency,
                folderBytes(folder),
                List.copyOf(phases),
                overall,
                loadStart,
                AnnBenchmark.loadAverage());
    }

    /** Streams {@code n} synthetic vectors into a {@code .npy}, 16,384 rows at a time, atomically. */
    static void writeStreamed(Path npy, SyntheticEmbeddings gen, int n, int dim, ProgressListener progress)
            throws IOException {
        int block = 16_384;
        AtomicFiles.writeHashed(npy, out -> {
            out.write(NpyFile.header(n, dim));
            ByteBuffer buf = ByteBuffer.allocate(4 * dim * block).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < n; from += block) {
                int to = Math.min(n, from + block);
                buf.clear();
                for (float[] v : gen.corpus(from, to)) {
                    buf.asFloatBuffer().put(v);
                    buf.position(buf.position() + 4 * dim);
                }
                out.write(buf.array(), 0, buf.position());
                progress.progress(to, n, "writing synthetic vectors");
            }
        });
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private record Timed<T>(T value, Phase phase) {}

    private static <T> Timed<T> timed(String name, Step<T> step) throws IOException {
        ProcessMemory.resetPeak();
        long t0 = System.nanoTime();
        T value = step.run();
        return new Timed<>(value, phase(name, t0));
    }

    private static Phase phase(String name, long t0) {
        return new Phase(name, (System.nanoTime() - t0) / 1e9, peak(), null);
    }

    private static Long peak() {
        var p = ProcessMemory.peakRssBytes();
        return p.isPresent() ? p.getAsLong() : null;
    }

    static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }
}
