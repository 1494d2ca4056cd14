package dev.nsw.recall;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.encoder.Encoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.lexical.LexicalAnalyzer;
import java.util.ArrayList;
import java.util.List;

/**
 * Mines hard negatives for (query, positive) pairs: texts a retriever ranks high for the query that are
 * not its positive. They make training harder than random in-batch negatives. The positive itself, exact
 * copies of it and the query's own text are always skipped; a query whose top {@code depth} holds nothing
 * else gets no negative (counted in {@link Mined#withoutNegative()}).
 */
public final class HardNegatives {
    private HardNegatives() {}

    /** Which retriever ranks the candidates. */
    public enum Source {
        BM25,
        DENSE
    }

    /**
     * @param negatives per input pair, its mined negatives (best first; possibly empty)
     * @param withoutNegative pairs that got fewer than asked
     */
    public record Mined(List<List<String>> negatives, int withoutNegative) {
        public int total() {
            return negatives.stream().mapToInt(List::size).sum();
        }
    }

    /**
     * @param queries the pairs' queries
     * @param positives the pairs' positives (same order)
     * @param pool texts to mine from (e.g. the corpus, or all positives of the training set)
     * @param perQuery negatives wanted per pair
     * @param depth how far down the ranking to look
     * @param encoder the model for {@link Source#DENSE} (ignored for BM25)
     */
    public static Mined mine(Source source, List<String> queries, List<String> positives, Corpus pool, int perQuery, int depth,
            Encoder encoder, ProgressListener progress, CancellationToken cancel) {
        if (queries.size() != positives.size()) {
            throw new IllegalArgumentException(queries.size() + " queries but " + positives.size() + " positives");
        }
        List<Query> asQueries = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            asQueries.add(new Query("q" + i, queries.get(i)));
        }
        int k = depth + 2; // room for the positive and the query itself
        RecallRun run;
        if (source == Source.BM25) {
            LexicalAnalyzer analyzer = LexicalAnalyzer.defaultFor(pool.documents().stream().limit(2000).map(Document::text).toList());
            try (Bm25Index bm25 = Bm25Index.buildInMemory(pool, Bm25Options.defaults(analyzer), progress, cancel)) {
                run = bm25.searchAll(asQueries, k, 2, progress, cancel);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            if (encoder == null) {
                throw new IllegalArgumentException("dense mining needs an encoder");
            }
            run = DenseRecall.recall(encoder, DenseRecall.buildIndex(encoder, pool, DenseRecall.IndexSpec.exact(), progress, cancel),
                    asQueries, k, progress, cancel);
        }
        List<List<String>> out = new ArrayList<>(queries.size());
        int short_ = 0;
        for (int i = 0; i < queries.size(); i++) {
            List<String> picked = new ArrayList<>(perQuery);
            for (ScoredDoc d : run.ranking("q" + i)) {
                if (picked.size() == perQuery) {
                    break;
                }
                String text = pool.byId(d.docId()).orElseThrow().text();
                if (!text.equals(positives.get(i)) && !text.equals(queries.get(i)) && !picked.contains(text)) {
                    picked.add(text);
                }
            }
            if (picked.size() < perQuery) {
                short_++;
            }
            out.add(picked);
        }
        return new Mined(out, short_);
    }
}
