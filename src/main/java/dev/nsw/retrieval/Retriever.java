package dev.nsw.retrieval;

import dev.nsw.data.ScoredDoc;
import java.util.List;

/**
 * Something that answers a query with ranked documents, as the Search panel sees it. BM25 implements it
 * now ({@link Bm25Retriever}); the dense encoder + vector index will implement it too.
 */
public interface Retriever {
    /** Shown above the result list, e.g. "BM25 (standard)". */
    String name();

    /** What the scores are, shown beside each score: "BM25", "cosine". */
    String scoreKind();

    /** Top {@code k} documents, best first. */
    List<ScoredDoc> search(String query, int k);
}
