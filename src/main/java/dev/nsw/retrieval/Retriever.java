package dev.nsw.retrieval;

import dev.nsw.data.ScoredDoc;
import java.util.List;

/**
 * Something that answers a query with ranked documents: BM25 ({@link Bm25Retriever}), a dense encoder over a
 * vector index ({@link DenseRetriever}), both fused ({@link HybridRetriever}), or an OpenSearch engine
 * ({@code engine.EngineRetrievers}). The Search panel, the HTTP service and the engine commands search through it.
 */
public interface Retriever {
    /** Shown above the result list, e.g. "BM25 (standard)". */
    String name();

    /** What the scores are, shown beside each score: "BM25", "cosine". */
    String scoreKind();

    /** Top {@code k} documents, best first. */
    List<ScoredDoc> search(String query, int k);
}
