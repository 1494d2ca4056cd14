/**
 * Data sets and result files: the recipe's files (pairs, texts, triples, labelled pairs), BEIR folders,
 * recall result files and TREC runs — read with validation that names {@code file:line: problem}, and
 * written atomically. Records are immutable ({@link dev.nsw.data.RetrievalDataset},
 * {@link dev.nsw.data.Corpus}, {@link dev.nsw.data.RecallRun}).
 */
package dev.nsw.data;
