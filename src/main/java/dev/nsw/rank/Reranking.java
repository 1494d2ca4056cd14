package dev.nsw.rank;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.RecallRun;
import dev.nsw.data.ScoredDoc;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.retrieval.Fusion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The second stage of retrieval: rescore each query's recalled top N with a {@link PairScorer} (the
 * cross-encoder) and reorder them by that score, for the CLI's {@code nsw search --rerank} and the GUI.
 *
 * <p>Promises: every query of the input run is in the output, in the same order (a query with nothing
 * recalled keeps an empty ranking); a query's output holds exactly its first N recalled documents, each once
 * — none is invented, and documents below N are dropped, so the reranked run has depth ≤ N; ties in the new
 * score go by document id, descending (the one order, {@link dev.nsw.data.RankingOrder}). All pairs of the run are scored in one call, so the scorer can batch them by
 * length across queries.
 */
public final class Reranking {
    private Reranking() {}

    /**
     * @param run the first-stage ranking (dense or BM25)
     * @param queryText query id → text for every query of the run
     * @param corpus resolves document ids to texts
     * @param topN how many recalled documents of each query to rescore (at least 1)
     * @return a run whose scores are the scorer's ({@link PairScorer#scoreKind()})
     * @throws IllegalArgumentException when a query's text or a document id is unknown
     */
    public static RecallRun rerank(
            RecallRun run,
            Map<String, String> queryText,
            Corpus corpus,
            int topN,
            PairScorer scorer,
            ProgressListener progress,
            CancellationToken cancel) {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1, got " + topN);
        }
        List<String> queries = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (var e : truncate(run, topN).rankings().entrySet()) { // the first topN distinct documents
            String text = queryText.get(e.getKey());
            if (text == null) {
                throw new IllegalArgumentException("no text for query '" + e.getKey() + "'");
            }
            List<String> ids = new ArrayList<>();
            for (ScoredDoc d : e.getValue()) {
                Document doc = corpus.byId(d.docId())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "recalled document '" + d.docId() + "' is not in the corpus"));
                ids.add(d.docId());
                queries.add(text);
                titles.add(doc.text());
            }
            candidates.put(e.getKey(), ids);
        }
        float[] scores = scorer.score(queries, titles, progress, cancel);
        if (scores.length != queries.size()) {
            throw new IllegalStateException(
                    "the scorer returned " + scores.length + " scores for " + queries.size() + " pairs");
        }
        Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
        int offset = 0;
        for (var e : candidates.entrySet()) {
            List<ScoredDoc> docs = new ArrayList<>(e.getValue().size());
            for (String id : e.getValue()) {
                docs.add(new ScoredDoc(id, scores[offset++]));
            }
            out.put(e.getKey(), docs); // RecallRun orders them: score descending, ties by document id descending
        }
        return new RecallRun(scorer.scoreKind(), out);
    }

    /**
     * The reranker's scores combined with the first stage's, query by query, on the top N documents the
     * reranker saw: {@code score = w · rerank' + (1 − w) · first'}, each min-max normalised within the query
     * ({@link Fusion}'s convex combination; ties by document id, descending). {@code w = 1} is the reranker
     * alone (the recipe), {@code w = 0} the first stage's own order. A cross-encoder trained on little data
     * can be confidently wrong where the first stage was right; the mix keeps what each knows, and a weight
     * tuned on dev ({@link #tuneWeight}) can always fall back to w = 0, so on dev the result is never below
     * its input.
     *
     * @param firstStage the run that was reranked (its first N documents per query are used)
     * @param reranked {@link #rerank} of that run with the same N
     * @param rerankWeight w in [0, 1]
     */
    public static RecallRun combine(RecallRun firstStage, RecallRun reranked, double rerankWeight, int topN) {
        RecallRun fused = Fusion.fuse(truncate(firstStage, topN), reranked, new Fusion.Convex(rerankWeight), topN);
        return new RecallRun(
                String.format(
                        Locale.ROOT, "reranked %.2f + first stage %.2f (min-max)", rerankWeight, 1 - rerankWeight),
                fused.rankings());
    }

    /**
     * The reranker weight that maximises {@code objective} (e.g. nDCG@10 against dev qrels) over 0, 0.05, …, 1,
     * on a <em>dev</em> split's first-stage run and its reranking — never the set being reported.
     */
    public static Fusion.Tuning tuneWeight(
            RecallRun firstStageDev, RecallRun rerankedDev, int topN, ToDoubleFunction<RecallRun> objective) {
        return Fusion.tuneWeight(truncate(firstStageDev, topN), rerankedDev, topN, objective);
    }

    /** Each query's first {@code n} distinct documents, as {@link #rerank} takes them. */
    static RecallRun truncate(RecallRun run, int n) {
        Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
        run.rankings().forEach((q, docs) -> {
            List<ScoredDoc> kept = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ScoredDoc d : docs) {
                if (kept.size() == n) {
                    break;
                }
                if (seen.add(d.docId())) {
                    kept.add(d);
                }
            }
            out.put(q, kept);
        });
        return new RecallRun(run.scoreKind(), out);
    }
}
