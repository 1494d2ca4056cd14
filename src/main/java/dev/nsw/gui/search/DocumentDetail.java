package dev.nsw.gui.search;

import java.util.List;

/**
 * What the document pane shows for one document and the current query: the full text, both systems' ranks
 * and scores, the gold mark, and why — BM25's explanation with the matching terms' character spans, and
 * the dense side's cosine with the word pieces the model read after truncation.
 *
 * @param heading why this document is shown (a selected hit, or the gold text both systems missed)
 * @param bm25Rank 1-based rank in the BM25 list, 0 = not in it, -1 = no BM25 index
 * @param denseRank 1-based rank in the dense list, 0 = not in it, -1 = no dense model
 * @param bm25Explanation Lucene's explanation, or "" without a BM25 index
 * @param matchSpans [start, end) offsets in {@code text} of the tokens matching a query term
 * @param denseCosine query · document cosine, NaN without a dense model
 * @param denseTokens the tokens the model read ([CLS] … [SEP]), empty without a dense model; under MaxP those of
 *     the best passage
 * @param denseReading how the model read the document, in words (length and truncation, or MaxP's best passage);
 *     "" without a dense model
 */
public record DocumentDetail(
        String heading,
        String docId,
        String text,
        boolean gold,
        int bm25Rank,
        double bm25Score,
        String bm25Explanation,
        List<String> matchedTerms,
        List<int[]> matchSpans,
        int denseRank,
        double denseCosine,
        List<String> denseTokens,
        String denseReading) {}
