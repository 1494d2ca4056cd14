/**
 * The lexical baseline: Lucene BM25 ({@link dev.nsw.lexical.Bm25Index}) with the analyzers compared in the
 * README and one rule for choosing among them ({@link dev.nsw.lexical.LexicalAnalyzer#autoFor}).
 */
package dev.nsw.lexical;
