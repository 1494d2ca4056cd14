package dev.nsw.data;

/**
 * One judged (query, relevant document) pair: a line of a recipe test file or a positive line of a BEIR
 * qrels file. It is the unit of Recall@K: a pair is a hit when its document is in the query's top K.
 *
 * @param line the line it came from (for messages), 0 when built in code
 */
public record GoldPair(String queryId, String docId, long line) {}
