package dev.nsw.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one order of a ranking, applied when a run is made and when one is read: <b>score descending, then
 * document id descending</b> — trec_eval's {@code comp_sim_docno} ({@code sim} compared as numbers, then
 * {@code strcmp(docno2, docno1)}), which pytrec_eval and BEIR inherit. Runs nsw makes are in this order with
 * their scores written exactly ({@link TrecRunFile}), so trec_eval, pytrec_eval and nsw read the same ranking
 * from a run file, and every nsw number (in-process {@code --evaluate}, {@code evaluate --trec-run}, Compare,
 * significance, the Search panel, {@code serve}) is computed on that one ranking.
 *
 * <p>"Document id" is the id a run file names: a BEIR {@code _id}; for recipe files the 1-based line number of
 * the text in {@code corpus.csv} (of its first copy: recipe texts are identities), compared as a string
 * like trec_eval does, so among tied scores line "9" ranks above line "10". Ids compare by Unicode code point,
 * which is the byte order of their UTF-8 encoding, i.e. {@code strcmp}'s.
 *
 * <p>The recipe's own result file ({@code query \t text \t score}) is the exception: the recipe's evaluator
 * ranks its lines in file order, so nsw reads it in file order ({@link RecallRun.Order#AS_LISTED}); the
 * files nsw writes are already in this order.
 */
public final class RankingOrder {
    private RankingOrder() {}

    /** Score descending, then document id descending (trec_eval's tie order). */
    public static final Comparator<ScoredDoc> TREC_EVAL = (a, b) -> {
        if (a.score() > b.score()) {
            return -1;
        }
        if (a.score() < b.score()) {
            return 1;
        }
        return compareIds(b.docId(), a.docId());
    };

    /** {@code strcmp} order of the ids' UTF-8 bytes (= Unicode code point order). */
    public static int compareIds(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i)); // UTF-16 order differs there
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Whether {@code ranking} is in {@link #TREC_EVAL} order. */
    public static boolean isOrdered(List<ScoredDoc> ranking) {
        for (int i = 1; i < ranking.size(); i++) {
            if (TREC_EVAL.compare(ranking.get(i - 1), ranking.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The ranking in {@link #TREC_EVAL} order (the same list when it already is). */
    public static List<ScoredDoc> sorted(List<ScoredDoc> ranking) {
        if (isOrdered(ranking)) {
            return ranking;
        }
        List<ScoredDoc> copy = new ArrayList<>(ranking);
        copy.sort(TREC_EVAL);
        return copy;
    }

    /**
     * The first {@code k} of the full ranking in this order, from a search that returns its best {@code n} by
     * score ({@code search.apply(n)}, ties in any order, fewer when there are no more): asks for {@code k + 1},
     * and again for twice as many while the last one returned ties with the k-th, so that of the documents
     * tied at the cut-off the ones with the highest ids are kept — the same k documents whatever order the
     * search breaks ties in, and the first k of a deeper run of the same query.
     */
    public static List<ScoredDoc> topK(IntFunction<List<ScoredDoc>> search, int k) {
        if (k < 1) {
            return List.of();
        }
        int n = k + 1;
        List<ScoredDoc> got = search.apply(n);
        while (got.size() >= n && got.get(n - 1).score() == kthScore(got, k) && n < Integer.MAX_VALUE / 2) {
            n *= 2;
            got = search.apply(n);
        }
        List<ScoredDoc> sorted = new ArrayList<>(got);
        sorted.sort(TREC_EVAL);
        return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
    }

    private static double kthScore(List<ScoredDoc> got, int k) {
        double[] scores = got.stream().mapToDouble(ScoredDoc::score).sorted().toArray();
        return scores[scores.length - k];
    }

    /**
     * Refuses a score that is not a finite number: NaN has no place in an order (trec_eval would rank it
     * anywhere) and an infinite one cannot be normalised for fusion.
     *
     * @throws IllegalArgumentException naming the query and document
     */
    public static void requireFinite(String queryId, ScoredDoc d) {
        if (!Double.isFinite(d.score())) {
            throw new IllegalArgumentException("query '" + queryId + "': document '" + d.docId() + "' has the score "
                    + d.score() + "; a ranking's scores must be finite numbers");
        }
    }
}
