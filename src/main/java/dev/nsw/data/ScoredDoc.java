package dev.nsw.data;

/** A retrieved document and the score its retriever gave it (cosine, BM25, reranker probability). */
public record ScoredDoc(String docId, double score) {}
