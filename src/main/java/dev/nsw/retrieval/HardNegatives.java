package dev.nsw.retrieval;

import dev.nsw.data.Corpus;
import dev.nsw.data.TextPair;
import dev.nsw.encoder.Encoder;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.lexical.Bm25Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard negatives for in-batch training: for each (query, positive) pair, the texts a retriever ranks
 * highest that are not an answer ({@link NegativeMining#usable}: never the positive, another positive of
 * the same query, or the query itself). They join the batch as extra candidate columns and make training
 * harder than random in-batch negatives. A pair whose top {@code depth} holds nothing usable gets fewer
 * (counted in {@link Mined#withoutNegative()}).
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
     * The texts negatives are mined from, for the dual tower and the cross-encoder alike: the pool file (one
     * text a line) when given, else the distinct positives of the training pairs, in first-seen order.
     */
    public static Corpus miningPool(
            java.nio.file.Path poolFile, List<String> positives, dev.nsw.data.ReadOptions read) {
        if (poolFile != null) {
            return Corpus.readRecipe(poolFile, read);
        }
        List<dev.nsw.data.Document> docs = new ArrayList<>();
        for (String t : new java.util.LinkedHashSet<>(positives)) {
            docs.add(new dev.nsw.data.Document(Integer.toString(docs.size() + 1), t));
        }
        return Corpus.of(docs);
    }

    /**
     * @param queries the pairs' queries
     * @param positives the pairs' positives (same order)
     * @param pool texts to mine from (e.g. the corpus, or all positives of the training set)
     * @param perQuery negatives wanted per pair (the best-ranked usable ones)
     * @param depth how far down the ranking to look
     * @param encoder the model for {@link Source#DENSE} (ignored for BM25)
     */
    public static Mined mine(
            Source source,
            List<String> queries,
            List<String> positives,
            Corpus pool,
            int perQuery,
            int depth,
            Encoder encoder,
            ProgressListener progress,
            CancellationToken cancel) {
        if (queries.size() != positives.size()) {
            throw new IllegalArgumentException(queries.size() + " queries but " + positives.size() + " positives");
        }
        List<TextPair> pairs = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            pairs.add(new TextPair(0, queries.get(i), positives.get(i)));
        }
        List<List<String>> usable;
        if (source == Source.BM25) {
            try (Bm25Index bm25 = Bm25Index.buildInMemory(pool, Bm25Options.auto(pool), progress, cancel)) {
                usable = NegativeMining.usable(pairs, NegativeMining.bm25(bm25, pool), depth, progress, cancel);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            if (encoder == null) {
                throw new IllegalArgumentException("dense mining needs an encoder");
            }
            usable = NegativeMining.usable(pairs, NegativeMining.dense(encoder, pool), depth, progress, cancel);
        }
        List<List<String>> out = new ArrayList<>(usable.size());
        int fewer = 0;
        for (List<String> u : usable) {
            out.add(List.copyOf(u.subList(0, Math.min(perQuery, u.size()))));
            fewer += u.size() < perQuery ? 1 : 0;
        }
        return new Mined(out, fewer);
    }
}
