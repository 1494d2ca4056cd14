package dev.nsw.cli;

import dev.nsw.bench.SyntheticEmbeddings;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.EncoderOptions;
import dev.nsw.encoder.PretrainedModel;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.DenseRetriever;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsw bench search}: what the Search panel does per query — BM25 top 10 ({@link Bm25Retriever}) and
 * dense top 10 ({@link DenseRetriever}: query encoding + HNSW) — timed per query, p50/p95 over many
 * queries. The corpus is synthetic text (Zipf-distributed pseudo-words, so that posting lists look like a
 * real vocabulary's); the dense index holds synthetic unit vectors of the model's dimension (embedding 300k
 * texts would take an hour here and does not change the per-query cost), under the model's id so the
 * retriever accepts it. Queries are real encoder calls.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description =
                "Per-query latency of the Search panel's path: BM25 top-10 + dense top-10 (query encoding + HNSW), p50/p95.")
public final class BenchSearchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--docs", defaultValue = "30000", description = "Synthetic documents.")
    int docs;

    /** Timed queries. */
    @Mixin
    QueryCountOptions queryCount = new QueryCountOptions(200);

    @Option(
            names = "--model",
            defaultValue = "bge-small-zh-v1.5",
            description = "Bundled model that encodes the queries.")
    String model;

    /** M 16: the README's latency figures were measured with it. */
    @Mixin
    HnswOptions hnsw = new HnswOptions(16);

    @Mixin
    SearchBeamOptions beam;

    @Override
    public Integer call() throws Exception {
        PretrainedModel bundled = PretrainedModel.byName(model)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--model must be a bundled model (" + PretrainedModel.names() + "), got '" + model + "'"));
        if (docs < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--docs must be >= 10");
        }
        int queries = queryCount.count();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> texts = syntheticTexts(docs, 11);
        List<Document> documents = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            documents.add(new Document(Integer.toString(i + 1), texts.get(i)));
        }
        Corpus corpus = Corpus.of(documents);
        long t0 = System.nanoTime();
        Bm25Index bm25 = Bm25Index.buildInMemory(
                corpus,
                new Bm25Options(LexicalAnalyzer.STANDARD, Bm25Options.DEFAULT_K1, Bm25Options.DEFAULT_B),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        err.printf(
                Locale.ROOT,
                "BM25 index of %,d synthetic documents in %.1f s%n",
                corpus.size(),
                (System.nanoTime() - t0) / 1e9);
        try (Encoder encoder = Encoder.pretrained(bundled, EncoderOptions.defaults())) {
            float[][] vectors = SyntheticEmbeddings.forCorpus(corpus.size(), encoder.dimension(), 5)
                    .corpus(corpus.size());
            String[] ids = corpus.documents().stream().map(Document::id).toArray(String[]::new);
            long t1 = System.nanoTime();
            HnswVectorIndex index = HnswVectorIndex.builder(encoder.modelId())
                    .optM(hnsw.m)
                    .optEfConstruction(hnsw.efConstruction)
                    .optEf(beam.ef)
                    .build(vectors, ids);
            err.printf(
                    Locale.ROOT,
                    "HNSW over %,d × %d vectors (M %d, efConstruction %d) in %.1f s%n",
                    vectors.length,
                    vectors[0].length,
                    hnsw.m,
                    hnsw.efConstruction,
                    (System.nanoTime() - t1) / 1e9);
            Bm25Retriever lexical = new Bm25Retriever(bm25);
            DenseRetriever dense = new DenseRetriever(encoder, index, bundled.id());
            List<String> qs = syntheticQueries(texts, queries + 10, 13);
            for (String q : qs.subList(0, 10)) { // warm-up: JIT, the encoder's first forward
                lexical.search(q, 10);
                dense.search(q, 10);
            }
            long[] lex = new long[queries];
            long[] den = new long[queries];
            long[] both = new long[queries];
            for (int i = 0; i < queries; i++) {
                String q = qs.get(10 + i);
                long a = System.nanoTime();
                lexical.search(q, 10);
                long b = System.nanoTime();
                dense.search(q, 10);
                long c = System.nanoTime();
                lex[i] = b - a;
                den[i] = c - b;
                both[i] = c - a;
            }
            out.printf(
                    Locale.ROOT,
                    "bench search: %,d documents, %d queries, top 10, %d threads available%n",
                    corpus.size(),
                    queries,
                    Runtime.getRuntime().availableProcessors());
            out.printf(
                    Locale.ROOT,
                    "  BM25 (Lucene, standard analyzer)        p50 %7.2f ms   p95 %7.2f ms%n",
                    ms(lex, 0.5),
                    ms(lex, 0.95));
            out.printf(
                    Locale.ROOT,
                    "  dense (%s encode + HNSW ef %d) p50 %7.2f ms   p95 %7.2f ms%n",
                    bundled.id(),
                    beam.ef,
                    ms(den, 0.5),
                    ms(den, 0.95));
            out.printf(
                    Locale.ROOT,
                    "  both, one after the other (the panel) p50 %7.2f ms   p95 %7.2f ms%n",
                    ms(both, 0.5),
                    ms(both, 0.95));
            out.flush();
        } finally {
            bm25.close();
        }
        return 0;
    }

    /** The q-quantile (nearest rank) of nanosecond timings, in ms. */
    static double ms(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int at = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, at))] / 1e6;
    }

    /** Pseudo-words from syllables; their frequency follows a Zipf law (exponent 1) over a 50k vocabulary. */
    static List<String> syntheticTexts(int n, long seed) {
        String[] syl = {
            "ka", "lo", "mi", "ra", "tu", "ven", "sho", "pel", "dra", "qui", "zo", "ner", "bal", "fi", "gor", "hu"
        };
        int vocab = 50_000;
        String[] words = new String[vocab];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < vocab; i++) {
            StringBuilder w = new StringBuilder();
            int parts = 2 + r.nextInt(3);
            for (int p = 0; p < parts; p++) {
                w.append(syl[r.nextInt(syl.length)]);
            }
            words[i] = w.append(i).toString();
        }
        double[] cdf = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }
        List<String> out = new ArrayList<>(n);
        for (int d = 0; d < n; d++) {
            int len = 12 + r.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                int at = Arrays.binarySearch(cdf, r.nextDouble() * sum);
                sb.append(i == 0 ? "" : " ").append(words[Math.min(vocab - 1, at >= 0 ? at : -at - 1)]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Queries of 3–6 words taken from random documents (so that each has matches). */
    static List<String> syntheticQueries(List<String> texts, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] w = texts.get(r.nextInt(texts.size())).split(" ");
            int len = Math.min(w.length, 3 + r.nextInt(4));
            int start = r.nextInt(w.length - len + 1);
            out.add(String.join(" ", Arrays.asList(w).subList(start, start + len)));
        }
        return out;
    }
}
