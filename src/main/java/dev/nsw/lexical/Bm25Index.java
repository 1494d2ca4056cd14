package dev.nsw.lexical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RankingOrder;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.io.AtomicFiles;
import dev.nsw.io.FolderLock;
import dev.nsw.io.OwnedFolder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A Lucene BM25 index over a {@link Corpus}: the lexical baseline the dense model is compared with.
 *
 * <p>A persisted index is a folder holding the Lucene segment files and {@code nsw-bm25.json} (analyzer,
 * k1, b, document count, build time). It is built in a temporary sibling folder and moved into place, so
 * an interrupted build never replaces a good index. Queries are analysed with the index's analyzer and
 * run as a disjunction of term queries (no query syntax, so user text with {@code :} or {@code "} is safe).
 */
public final class Bm25Index implements Closeable {
    static final String META_FILE = "nsw-bm25.json";
    private static final String ID = "id";
    private static final String TEXT = "text";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long queries (SciFact claims) can have many terms; Lucene's default cap is 1024 clauses. */
    private static final int MAX_QUERY_TERMS = 1024;

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer;
    private final Bm25Options options;
    private final double buildSeconds;

    private Bm25Index(Directory directory, Bm25Options options, double buildSeconds) throws IOException {
        this.directory = directory;
        this.options = options;
        this.buildSeconds = buildSeconds;
        this.analyzer = options.analyzer().create();
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(new BM25Similarity(options.k1(), options.b()));
    }

    /** Builds an index in memory (nothing written to disk). */
    public static Bm25Index buildInMemory(
            Corpus corpus, Bm25Options options, ProgressListener progress, CancellationToken cancel) {
        try {
            Directory dir = new ByteBuffersDirectory();
            long start = System.nanoTime();
            write(dir, corpus, options, progress, cancel);
            return new Bm25Index(dir, options, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the BM25 index: " + e.getMessage(), e);
        }
    }

    /**
     * Builds an index into {@code folder} (replacing an existing one only once the new one is complete) and
     * opens it.
     */
    public static Bm25Index build(
            Corpus corpus, Path folder, Bm25Options options, ProgressListener progress, CancellationToken cancel) {
        Path tmp = null;
        // one writer, and only into a folder nsw made as a BM25 index (--rebuild never deletes a user's folder)
        try (FolderLock lock = FolderLock.acquireBeside(folder)) {
            OwnedFolder.requireWritable(folder, OwnedFolder.Kind.BM25_INDEX);
            AtomicFiles.recoverDirectory(folder);
            tmp = AtomicFiles.newTempSibling(folder);
            OwnedFolder.mark(tmp, OwnedFolder.Kind.BM25_INDEX);
            long start = System.nanoTime();
            try (Directory dir = FSDirectory.open(tmp)) {
                write(dir, corpus, options, progress, cancel);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode meta = JSON.createObjectNode();
            meta.put("format", "nsw-bm25/1");
            meta.put("analyzer", options.analyzer().cliName());
            meta.put("k1", options.k1());
            meta.put("b", options.b());
            meta.put("documents", corpus.size());
            meta.put("build_seconds", seconds);
            Path metaFile = tmp.resolve(META_FILE);
            AtomicFiles.write(
                    metaFile, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, meta));
            AtomicFiles.replaceDirectory(tmp, folder);
            tmp = null;
            return open(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the BM25 index in " + folder + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /**
     * Opens an index written by {@link #build}. A rebuild that replaces the folder meanwhile never makes this
     * fail or mix two versions: the open is repeated when the folder was replaced during it
     * ({@link AtomicFiles#readConsistent}); what a crashed rebuild left is repaired only when no writer is at work.
     */
    public static Bm25Index open(Path folder) {
        if (AtomicFiles.hasLeftovers(folder)) {
            // a writer at work holds the lock, and its temporaries are not leftovers: repair only when it is free
            Optional<FolderLock> free = FolderLock.tryAcquireForRepair(folder);
            if (free.isPresent()) {
                try (FolderLock lock = free.get()) {
                    if (AtomicFiles.hasLeftovers(folder)) { // the writer seen at work may have finished since
                        AtomicFiles.recoverDirectory(folder); // a crash between the renames of a rebuild
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot recover the BM25 index " + folder + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return AtomicFiles.readConsistent(folder, true, () -> openVersion(folder), stale -> {
                try {
                    stale.close();
                } catch (IOException ignored) {
                    // a version read while the folder was replaced: nothing of it is used
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the BM25 index " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Bm25Index openVersion(Path folder) throws IOException {
        Path metaFile = folder.resolve(META_FILE);
        if (!Files.isRegularFile(metaFile)) {
            throw new IllegalArgumentException(folder + " is not a BM25 index (no " + META_FILE + ")");
        }
        var meta = JSON.readTree(metaFile.toFile());
        if (!"nsw-bm25/1".equals(meta.path("format").asText())) {
            throw new IllegalArgumentException(
                    metaFile + ": unknown format '" + meta.path("format").asText() + "'");
        }
        Bm25Options options = new Bm25Options(
                LexicalAnalyzer.fromCliName(meta.path("analyzer").asText()),
                (float) meta.path("k1").asDouble(),
                (float) meta.path("b").asDouble());
        Directory directory = FSDirectory.open(folder);
        try {
            return new Bm25Index(directory, options, meta.path("build_seconds").asDouble());
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static void write(
            Directory dir, Corpus corpus, Bm25Options options, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(options.analyzer().create());
        config.setSimilarity(new BM25Similarity(options.k1(), options.b()));
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(256);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            int n = corpus.size();
            for (int i = 0; i < n; i++) {
                if ((i & 1023) == 0) {
                    cancel.check();
                    progress.progress(i, n, "indexing documents");
                }
                Document d = corpus.get(i);
                org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
                doc.add(new StringField(ID, d.id(), Field.Store.YES));
                doc.add(new TextField(TEXT, d.text(), Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            progress.progress(n, n, "indexed");
        }
    }

    /** The query as searched: one SHOULD clause per analyzed term (at most {@value #MAX_QUERY_TERMS}); null when it has none. */
    private BooleanQuery parse(String query) throws IOException {
        List<String> terms = queryTerms(analyzer, query);
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String term : terms) {
            builder.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        return terms.isEmpty() ? null : builder.build();
    }

    /**
     * The analyzed terms of a query in order, repeats kept, at most {@value #MAX_QUERY_TERMS}: one SHOULD clause
     * each. An engine backend sends these same terms so that its BM25 query is this one.
     */
    public static List<String> queryTerms(Analyzer analyzer, String query) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, query)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
                terms.add(term.toString());
            }
            ts.end();
        }
        return terms;
    }

    /**
     * Top {@code k} documents for a query in {@link RankingOrder#TREC_EVAL} order (score descending, ties by
     * document id descending; documents tied at the cut-off are chosen by the same rule, not by Lucene's index
     * order); an empty list when no query term is in the index.
     */
    public List<ScoredDoc> search(String query, int k) {
        try {
            BooleanQuery q = parse(query);
            if (q == null) {
                return List.of();
            }
            return RankingOrder.topK(n -> luceneTop(q, n), k);
        } catch (IOException e) {
            throw new UncheckedIOException("BM25 search failed: " + e.getMessage(), e);
        }
    }

    private List<ScoredDoc> luceneTop(BooleanQuery q, int n) {
        try {
            TopDocs top = searcher.search(q, n);
            List<ScoredDoc> hits = new ArrayList<>(top.scoreDocs.length);
            var stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new ScoredDoc(stored.document(sd.doc).get(ID), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("BM25 search failed: " + e.getMessage(), e);
        }
    }

    /**
     * Why a document scored what it did for a query (Lucene's {@code explain}).
     *
     * @param score the BM25 score, 0 when no query term occurs in the document
     * @param explanation Lucene's explanation tree: per matching term, idf × tf-normalisation with k1, b,
     *     the term frequency and the document length
     * @param matchedTerms the analyzed query terms found in the document
     * @param spans [start, end) character offsets in the document text of the tokens that match, for highlighting
     */
    public record Explained(
            String docId, double score, String explanation, List<String> matchedTerms, List<int[]> spans) {}

    /** Explains the score of {@code docId} (whose text is {@code docText}) for {@code query}. */
    public Explained explain(String query, String docId, String docText) {
        try {
            BooleanQuery q = parse(query);
            TopDocs byId = searcher.search(new TermQuery(new Term(ID, docId)), 1);
            if (q == null || byId.scoreDocs.length == 0) {
                return new Explained(
                        docId,
                        0,
                        q == null
                                ? "no query term survives the analyzer"
                                : "document " + docId + " is not in the index",
                        List.of(),
                        List.of());
            }
            int doc = byId.scoreDocs[0].doc;
            Explanation e = searcher.explain(q, doc);
            Set<String> matched = new LinkedHashSet<>();
            for (BooleanClause c : q.clauses()) {
                if (searcher.explain(c.query(), doc).isMatch()) {
                    matched.add(((TermQuery) c.query()).getTerm().text());
                }
            }
            List<int[]> spans = new ArrayList<>();
            try (TokenStream ts = analyzer.tokenStream(TEXT, docText)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    if (matched.contains(term.toString())) {
                        spans.add(new int[] {offset.startOffset(), offset.endOffset()});
                    }
                }
                ts.end();
            }
            return new Explained(
                    docId, e.isMatch() ? e.getValue().doubleValue() : 0, e.toString(), List.copyOf(matched), spans);
        } catch (IOException e) {
            throw new UncheckedIOException("BM25 explain failed: " + e.getMessage(), e);
        }
    }

    /**
     * Recalls the top {@code k} for every query, using {@code threads} threads; queries come back in the
     * order given.
     */
    public RecallRun searchAll(
            List<Query> queries, int k, int threads, ProgressListener progress, CancellationToken cancel) {
        List<List<ScoredDoc>> results = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            results.add(null);
        }
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "bm25-search");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = Math.max(1, queries.size() / (threads * 8 + 1));
            for (int start = 0; start < queries.size(); start += chunk) {
                int from = start;
                int to = Math.min(queries.size(), start + chunk);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        cancel.check();
                        results.set(i, search(queries.get(i).text(), k));
                        long d = done.incrementAndGet();
                        if ((d & 255) == 0) {
                            progress.progress(d, queries.size(), "BM25 recall");
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.progress(queries.size(), queries.size(), "BM25 recall");
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            rankings.put(queries.get(i).id(), results.get(i));
        }
        return new RecallRun("BM25", rankings);
    }

    public Bm25Options options() {
        return options;
    }

    public int documents() {
        return reader.numDocs();
    }

    /** Seconds the build took (as recorded when it was built). */
    public double buildSeconds() {
        return buildSeconds;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
