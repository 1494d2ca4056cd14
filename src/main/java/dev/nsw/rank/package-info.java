/**
 * The ranking stage: a BERT cross-encoder ({@link dev.nsw.rank.CrossEncoder}) scoring (query, text) pairs,
 * its margin-ranking objective and training job, and reranking of a first stage's top-k.
 */
package dev.nsw.rank;
