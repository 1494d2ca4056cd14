/**
 * Metrics and comparisons: Recall@K, MRR@10, nDCG@10 over a {@link dev.nsw.data.RecallRun} and its judged
 * data set, per-query outcomes and wins/losses between runs, AUC and score distributions. Each metric's
 * definition is written out where it is computed.
 */
package dev.nsw.eval;
