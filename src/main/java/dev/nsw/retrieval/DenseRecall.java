package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RankingOrder;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.Encoder;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.eval.MetricsReport;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.index.ExactVectorIndex;
import dev.nsw.index.Hit;
import dev.nsw.index.HnswVectorIndex;
import dev.nsw.index.IndexKind;
import dev.nsw.index.IndexMetadata;
import dev.nsw.index.MaxPassageIndex;
import dev.nsw.index.VectorIndex;
import dev.nsw.io.Fingerprint;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.text.PassageWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe's recall stage as one service for the CLI, the GUI and training-time evaluation: embed the
 * corpus with an {@link Encoder}, put the vectors in a {@link VectorIndex}, and recall the top N documents
 * of each query by cosine similarity.
 */
public final class DenseRecall {
    private DenseRecall() {}

    /**
     * How to index: {@code hnsw} (approximate, hnswlib; the recipe uses M 100, efConstruction 100, ef 100)
     * or {@code exact} (brute force).
     */
    public record IndexSpec(String kind, int m, int efConstruction, int ef) {
        public IndexSpec {
            IndexKind.of(kind); // refuses an unknown kind, naming it
        }

        /** An HNSW index with these settings. */
        public static IndexSpec hnsw(int m, int efConstruction, int ef) {
            return new IndexSpec(IndexKind.HNSW.id(), m, efConstruction, ef);
        }

        public static IndexSpec recipeHnsw() {
            return hnsw(HnswVectorIndex.DEFAULT_M, HnswVectorIndex.DEFAULT_EF_CONSTRUCTION, HnswVectorIndex.DEFAULT_EF);
        }

        public static IndexSpec exact() {
            return new IndexSpec(IndexKind.EXACT.id(), 0, 0, 0);
        }
    }

    /** Embeds texts, reporting progress as "embedding {what}"; rows are unit length. */
    public static float[][] embed(
            TextEncoder encoder, List<String> texts, String what, ProgressListener progress, CancellationToken cancel) {
        return encoder.embed(
                texts, (done, total, message) -> progress.progress(done, total, "embedding " + what), cancel);
    }

    /**
     * Cosine of each pair (a[i], b[i]) — the recipe's {@code predict.py} — embedding every distinct text once.
     * Sums in double precision so the result does not depend on the order of the lanes.
     */
    public static float[] pairCosines(
            TextEncoder encoder, List<String> a, List<String> b, ProgressListener progress, CancellationToken cancel) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(a.size() + " first texts but " + b.size() + " second texts");
        }
        Map<String, Integer> unique = new LinkedHashMap<>();
        a.forEach(t -> unique.putIfAbsent(t, unique.size()));
        b.forEach(t -> unique.putIfAbsent(t, unique.size()));
        float[][] v = embed(encoder, new ArrayList<>(unique.keySet()), "texts", progress, cancel);
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            float[] x = v[unique.get(a.get(i))];
            float[] y = v[unique.get(b.get(i))];
            double dot = 0;
            for (int j = 0; j < x.length; j++) {
                dot += (double) x[j] * y[j];
            }
            out[i] = (float) dot;
        }
        return out;
    }

    /** Embeds the corpus and builds an index over it; vector ids are the documents' ids. */
    public static VectorIndex buildIndex(
            TextEncoder encoder, Corpus corpus, IndexSpec spec, ProgressListener progress, CancellationToken cancel) {
        float[][] vectors =
                embed(encoder, corpus.documents().stream().map(Document::text).toList(), "corpus", progress, cancel);
        return buildIndex(encoder.modelId(), vectors, corpus, spec, progress, cancel);
    }

    /** Builds an index from corpus vectors already computed (e.g. read from {@code corpus_embedding.npy}). */
    public static VectorIndex buildIndex(
            String modelId,
            float[][] vectors,
            Corpus corpus,
            IndexSpec spec,
            ProgressListener progress,
            CancellationToken cancel) {
        List<String> ids = corpus.documents().stream().map(Document::id).toList();
        return build(modelId, vectors, ids, corpus.fingerprint(), null, spec, progress, cancel);
    }

    /**
     * Builds an index of passage vectors ({@code vectors[i]} embeds {@code passages.texts().get(i)}) searched by
     * document, each scored by its best passage (MaxP, {@link MaxPassageIndex}).
     */
    public static VectorIndex buildIndex(
            String modelId,
            float[][] vectors,
            PassageCorpus passages,
            IndexSpec spec,
            ProgressListener progress,
            CancellationToken cancel) {
        if (vectors.length != passages.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + passages.size() + " passages");
        }
        return MaxPassageIndex.byDocument(build(
                modelId,
                vectors,
                passages.documentIds(),
                passages.fingerprint(),
                passages.layout(),
                spec,
                progress,
                cancel));
    }

    /** The index of {@code spec}'s kind over {@code vectors} with these ids, bound to {@code fingerprint}. */
    private static VectorIndex build(
            String modelId,
            float[][] vectors,
            List<String> ids,
            String fingerprint,
            IndexMetadata.Passages passages,
            IndexSpec spec,
            ProgressListener progress,
            CancellationToken cancel) {
        if (IndexKind.of(spec.kind()) == IndexKind.EXACT) {
            return ExactVectorIndex.builder(modelId)
                    .optCorpusFingerprint(fingerprint)
                    .optPassages(passages)
                    .build(vectors, ids);
        }
        return HnswVectorIndex.builder(modelId)
                .optCorpusFingerprint(fingerprint)
                .optPassages(passages)
                .optM(spec.m())
                .optEfConstruction(spec.efConstruction())
                .optEf(spec.ef())
                .optProgressListener(progress)
                .optCancellation(cancel::isCancelled)
                .build(vectors, ids);
    }

    /**
     * Opens a saved index for searching {@code corpus} with {@code encoder}, as {@link #openIndex(Path, String,
     * Corpus)} does; an index of passages is also checked against the corpus cut again the way it records, with this
     * encoder's word pieces, and refused when the encoder reads another max_seq_length than its windows.
     */
    public static VectorIndex openIndex(Path dir, TextEncoder encoder, Corpus corpus) throws java.io.IOException {
        VectorIndex index = VectorIndex.open(dir, encoder.modelId());
        if (index.passages().isEmpty()) {
            return checkBoundTo(dir, index, corpus.size(), corpus.fingerprint(), "texts");
        }
        IndexMetadata.Passages layout = index.passages().get();
        int reads = encoder.tokenizer().maxSeqLength();
        if (layout.window() != reads) {
            throw new IllegalStateException("the index " + dir + " holds passages of " + layout.window()
                    + "-token windows but the encoder reads " + reads + " tokens: give --max_seq_length "
                    + layout.window());
        }
        if (layout.documents() != corpus.size()) {
            throw new IllegalStateException("the index " + dir + " holds passages of " + layout.documents()
                    + " documents but the corpus has " + corpus.size() + "; rebuild it with `nsw index`");
        }
        PassageCorpus passages = PassageCorpus.split(
                corpus,
                encoder.tokenizer(),
                new PassageWindows(layout.window(), layout.stride()),
                ProgressListener.NONE,
                CancellationToken.NEVER);
        return checkBoundTo(dir, index, passages.size(), passages.fingerprint(), "passages");
    }

    /**
     * Opens a saved index for searching {@code corpus} with {@code encoder}: refuses an index of another
     * model, of another corpus size, or (when it recorded one) of another corpus fingerprint — an index of a
     * shuffled or edited corpus would return the wrong texts with confident scores. An index of passages needs
     * the encoder to be checked ({@link #openIndex(Path, TextEncoder, Corpus)}).
     */
    public static VectorIndex openIndex(Path dir, String modelId, Corpus corpus) throws java.io.IOException {
        VectorIndex index = VectorIndex.open(dir, modelId);
        if (index.passages().isPresent()) {
            throw new IllegalStateException("the index " + dir + " holds passages of "
                    + index.passages().get().window() + "-token windows: open it with its encoder, which cuts the"
                    + " corpus again to check it");
        }
        return checkBoundTo(dir, index, corpus.size(), corpus.fingerprint(), "texts");
    }

    private static VectorIndex checkBoundTo(Path dir, VectorIndex index, int size, String fingerprint, String what) {
        if (index.size() != size) {
            throw new IllegalStateException("the index " + dir + " holds " + index.size()
                    + " vectors but the corpus has " + size + " " + what + "; rebuild it with `nsw index`");
        }
        if (index.corpusFingerprint() != null && !index.corpusFingerprint().equals(fingerprint)) {
            throw new IllegalStateException("the index " + dir + " was built from another corpus (" + what
                    + " fingerprint " + Fingerprint.shortForm(index.corpusFingerprint()) + ") than the one given ("
                    + Fingerprint.shortForm(fingerprint)
                    + ", same size but other texts or order); rebuild it with `nsw index`");
        }
        return index;
    }

    /**
     * The index a search command searches: the saved one in {@code indexDir} when given ({@link #openIndex}),
     * else one built now with {@code spec} from the corpus embeddings — read from (or written to)
     * {@code embeddingCache} when given ({@link CorpusEmbeddings#loadOrCompute}), else embedded afresh.
     */
    public static VectorIndex openOrBuild(
            TextEncoder encoder,
            Corpus corpus,
            Path indexDir,
            Path embeddingCache,
            IndexSpec spec,
            ProgressListener progress,
            CancellationToken cancel)
            throws java.io.IOException {
        return openOrBuild(encoder, corpus, null, indexDir, embeddingCache, spec, progress, cancel);
    }

    /**
     * {@link #openOrBuild(TextEncoder, Corpus, Path, Path, IndexSpec, ProgressListener, CancellationToken)} with
     * documents longer than {@code passages}' window cut into passages and searched by their best one (MaxP); null
     * reads each document once, truncated. A saved index keeps the layout it was built with.
     */
    public static VectorIndex openOrBuild(
            TextEncoder encoder,
            Corpus corpus,
            PassageWindows passages,
            Path indexDir,
            Path embeddingCache,
            IndexSpec spec,
            ProgressListener progress,
            CancellationToken cancel)
            throws java.io.IOException {
        if (indexDir != null) {
            return openIndex(indexDir, encoder, corpus);
        }
        if (passages != null) {
            PassageCorpus cut = split(encoder, corpus, passages, progress, cancel);
            float[][] vectors = embeddingCache != null
                    ? CorpusEmbeddings.load(encoder, cut, embeddingCache, progress, cancel)
                            .vectors()
                    : embed(encoder, cut.texts(), "passages", progress, cancel);
            return buildIndex(encoder.modelId(), vectors, cut, spec, progress, cancel);
        }
        float[][] vectors = embeddingCache != null
                ? CorpusEmbeddings.loadOrCompute(encoder, corpus, embeddingCache, progress, cancel)
                : embed(encoder, corpus.documents().stream().map(Document::text).toList(), "corpus", progress, cancel);
        return buildIndex(encoder.modelId(), vectors, corpus, spec, progress, cancel);
    }

    /**
     * {@code corpus} cut into {@code passages} with {@code encoder}'s word pieces; the window must be what the
     * encoder reads (its max_seq_length), or the passages would be cut again by truncation.
     */
    public static PassageCorpus split(
            TextEncoder encoder,
            Corpus corpus,
            PassageWindows passages,
            ProgressListener progress,
            CancellationToken cancel) {
        int reads = encoder.tokenizer().maxSeqLength();
        if (passages.window() != reads) {
            throw new IllegalArgumentException("passage windows of " + passages.window()
                    + " tokens for an encoder that reads " + reads + ": the window is the max_seq_length");
        }
        return PassageCorpus.split(corpus, encoder.tokenizer(), passages, progress, cancel);
    }

    /**
     * The rule for searching an index already in memory: its vectors must come from the query encoder's model
     * (else the scores are meaningless and nothing else would show it). An index read from disk is checked when
     * it is opened ({@link VectorIndex#open}, {@link dev.nsw.index.IndexModelMismatchException} naming the folder).
     *
     * @throws IllegalStateException naming both models
     */
    public static void requireSameModel(VectorIndex index, TextEncoder encoder) {
        if (!index.modelId().equals(encoder.modelId())) {
            throw new IllegalStateException(
                    "the index holds vectors of model " + index.modelId() + " but the encoder is " + encoder.name()
                            + " (" + encoder.modelId() + "): rebuild the index with this model");
        }
    }

    /**
     * Recalls the top {@code k} documents of each query.
     *
     * @throws IllegalStateException when the index holds vectors of another model (its scores would be
     *     meaningless)
     */
    public static RecallRun recall(
            TextEncoder encoder,
            VectorIndex index,
            List<Query> queries,
            int k,
            ProgressListener progress,
            CancellationToken cancel) {
        requireSameModel(index, encoder);
        float[][] q = embed(encoder, queries.stream().map(Query::text).toList(), "queries", progress, cancel);
        cancel.check();
        return search(index, q, queries, k, progress);
    }

    /** Searches the top {@code k} of query vectors already embedded ({@code queryVectors[i]} is {@code queries[i]}). */
    public static RecallRun search(
            VectorIndex index, float[][] queryVectors, List<Query> queries, int k, ProgressListener progress) {
        float[][] q = queryVectors;
        progress.progress(0, queries.size(), "searching " + index.kind() + " index");
        // one more than asked, so that a tie at the cut-off shows and is broken by the one rule (RankingOrder)
        List<List<Hit>> hits = index.searchAll(q, k + 1);
        Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            List<ScoredDoc> first = scored(hits.get(i));
            float[] v = q[i];
            rankings.put(
                    queries.get(i).id(), RankingOrder.topK(n -> n == k + 1 ? first : scored(index.search(v, n)), k));
        }
        progress.progress(queries.size(), queries.size(), "searching " + index.kind() + " index");
        return new RecallRun("cosine", rankings);
    }

    /** Index hits as scored documents (the cosine widened to double). */
    static List<ScoredDoc> scored(List<Hit> hits) {
        List<ScoredDoc> docs = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            docs.add(new ScoredDoc(h.id(), h.score()));
        }
        return docs;
    }

    /**
     * Scores an encoder on an evaluation set by exact search over its whole corpus: the numbers training
     * uses to pick its best checkpoint.
     */
    public static MetricsReport evaluate(
            TextEncoder encoder,
            RetrievalDataset dataset,
            int depth,
            ProgressListener progress,
            CancellationToken cancel) {
        VectorIndex index = buildIndex(encoder, dataset.corpus(), IndexSpec.exact(), progress, cancel);
        dev.nsw.eval.Scoring scoring = dev.nsw.eval.Scoring.defaultsFor(dataset);
        RecallRun run = recall(encoder, index, dataset.queries(), scoring.retrievalDepth(depth), progress, cancel);
        return RetrievalMetrics.evaluate(dataset, scoring.asWritten(run, depth), scoring);
    }
}
