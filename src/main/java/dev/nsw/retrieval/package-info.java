/**
 * Getting top-k documents for queries: the {@link dev.nsw.retrieval.Retriever}s (BM25, dense), dense recall
 * over an index ({@link dev.nsw.retrieval.DenseRecall}), cached corpus embeddings, and negative mining for
 * training.
 */
package dev.nsw.retrieval;
