package dev.nsw.serve;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.rank.PairScorer;
import dev.nsw.rank.Reranking;
import dev.nsw.retrieval.Retriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the search service answers with: a corpus, the retrievers by mode name ({@code bm25}, {@code dense},
 * {@code hybrid}), the encoder for {@code /embed}, and an optional reranker. It adds no
 * retrieval logic of its own: search is {@link Retriever#search}, reranking is {@link Reranking#rerank}.
 *
 * <p>Thread-safe as far as its parts are: retrievers and ONNX Runtime encoders take concurrent calls, the
 * DJL encoder and the cross-encoder serialise theirs.
 */
public final class SearchBackend implements AutoCloseable {

    /** One search result: 1-based rank, document id and text, and the score of {@code scoreKind}. */
    public record Hit(int rank, String id, String text, double score) {}

    /** A search answer: the hits and what their scores are (cosine, BM25, probability). */
    public record SearchResult(String mode, String scoreKind, boolean reranked, List<Hit> hits) {}

    private final Corpus corpus;
    private final Map<String, Retriever> modes;
    private final String defaultMode;
    private final TextEncoder encoder;
    private final PairScorer reranker;
    private final String rerankerName;
    private final List<AutoCloseable> owned;

    /**
     * @param modes retrievers by mode name, the first being the default
     * @param encoder the encoder behind {@code /embed} (may be null: no embedding endpoint)
     * @param reranker the cross-encoder (may be null: no reranking)
     * @param owned closed by {@link #close()}, in order
     */
    public SearchBackend(
            Corpus corpus,
            Map<String, Retriever> modes,
            TextEncoder encoder,
            PairScorer reranker,
            String rerankerName,
            List<AutoCloseable> owned) {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("a search backend needs at least one retriever");
        }
        this.corpus = corpus;
        this.modes = new LinkedHashMap<>(modes);
        this.defaultMode = modes.keySet().iterator().next();
        this.encoder = encoder;
        this.reranker = reranker;
        this.rerankerName = rerankerName;
        this.owned = List.copyOf(owned);
    }

    public Corpus corpus() {
        return corpus;
    }

    /** The mode names, default first. */
    public Set<String> modes() {
        return modes.keySet();
    }

    public String defaultMode() {
        return defaultMode;
    }

    public Retriever retriever(String mode) {
        return modes.get(mode);
    }

    /** The encoder behind {@code /embed}, or null. */
    public TextEncoder encoder() {
        return encoder;
    }

    public boolean canRerank() {
        return reranker != null;
    }

    public String rerankerName() {
        return rerankerName;
    }

    /** Unit-length embeddings [texts, D]. */
    public float[][] embed(List<String> texts) {
        if (encoder == null) {
            throw new IllegalStateException("no encoder is loaded");
        }
        return encoder.embed(texts);
    }

    /**
     * The top {@code k} of {@code mode} for {@code query}; with {@code rerank} N &gt; 0 the first N recalled are
     * reordered by the reranker, and the top k of that order returned (recall depth max(k, N)).
     */
    public SearchResult search(String query, int k, String mode, int rerank) {
        Retriever retriever = modes.get(mode);
        if (retriever == null) {
            throw new IllegalArgumentException("unknown mode '" + mode + "': use one of " + modes.keySet());
        }
        if (rerank > 0 && reranker == null) {
            throw new IllegalArgumentException("rerank needs a reranker: start the server with --reranker DIR");
        }
        List<ScoredDoc> docs = retriever.search(query, rerank > 0 ? Math.max(k, rerank) : k);
        String scoreKind = retriever.scoreKind();
        if (rerank > 0 && !docs.isEmpty()) {
            RecallRun run = new RecallRun(scoreKind, Map.of("q", docs));
            RecallRun reranked = Reranking.rerank(
                    run, Map.of("q", query), corpus, rerank, reranker, ProgressListener.NONE, CancellationToken.NEVER);
            docs = reranked.ranking("q");
            scoreKind = reranked.scoreKind();
        }
        List<Hit> hits = new ArrayList<>();
        for (ScoredDoc d : docs) {
            if (hits.size() == k) {
                break;
            }
            String text = corpus.byId(d.docId()).map(Document::text).orElse("");
            hits.add(new Hit(hits.size() + 1, d.docId(), text, d.score()));
        }
        return new SearchResult(mode, scoreKind, rerank > 0, hits);
    }

    /** The reranker's score of each document for the query ({@code scores[i]} belongs to {@code documents[i]}). */
    public float[] rerank(String query, List<String> documents) {
        if (reranker == null) {
            throw new IllegalArgumentException("no reranker is loaded: start the server with --reranker DIR");
        }
        List<String> queries = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            queries.add(query);
        }
        return reranker.score(queries, documents, ProgressListener.NONE, CancellationToken.NEVER);
    }

    public String rerankScoreKind() {
        return reranker == null ? null : reranker.scoreKind();
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on shutdown: nothing left to tell
            }
        }
    }
}
