package dev.nsw.rank;

import dev.nsw.data.Corpus;
import dev.nsw.data.Query;
import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.eval.Scoring;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.retrieval.Fusion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reranking stage over any first stage — BM25, dense, or the tuned hybrid (hybrid → rerank) — as one service:
 * the cross-encoder rescores each query's top N ({@link Reranking#rerank}), and its score is mixed with the first
 * stage's ({@link Reranking#combine}) with a weight given, or tuned for nDCG@10 on a dev set whose own first-stage
 * run is reranked the same way ({@link Reranking#tuneWeight}; w = 0 is the first stage, so on dev the mix never
 * loses to its input). {@code nsw rank rerank} (first stages from TREC runs) and {@code nsw recall --mode hybrid
 * --rerank N} (the hybrid made in the same run) call it.
 */
public final class RerankStage {
    private RerankStage() {}

    /** Where the mix weight comes from. */
    public sealed interface Mix permits Alone, Given, TunedOnDev {}

    /** The reranker's order alone (the recipe's reranking). */
    public record Alone() implements Mix {}

    /** A mix with the reranker's weight given, in [0, 1]. */
    public record Given(double weight) implements Mix {
        public Given {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("the reranker's weight must be in [0, 1], got " + weight);
            }
        }
    }

    /**
     * A mix tuned on a dev set: {@code devFirstStage} (the dev queries' run of the same first stage) is reranked and
     * the weight chosen for nDCG@10 against {@code dev}'s judgements, scored by its own conventions.
     *
     * @param source what the dev set is, for messages and settings
     */
    public record TunedOnDev(RetrievalDataset dev, RecallRun devFirstStage, String source) implements Mix {}

    /**
     * What the stage made.
     *
     * @param reranked the reranker's own order of each query's top N
     * @param run the final run: the mix, or {@code reranked} for {@link Alone}
     * @param weight the reranker's weight in the mix (1 for {@link Alone})
     * @param tuning the dev tuning (weight, dev nDCG@10, curve) when the mix was tuned
     * @param rerankSeconds wall time of scoring the set's pairs (the dev set's excluded)
     */
    public record Result(
            RecallRun reranked, RecallRun run, double weight, Optional<Fusion.Tuning> tuning, double rerankSeconds) {}

    /**
     * Reranks the top {@code topN} of {@code firstStage} for {@code queries} with {@code scorer} and mixes as {@code
     * mix} says. A query the first stage did not answer is kept, with an empty ranking.
     */
    public static Result run(
            RecallRun firstStage,
            List<Query> queries,
            Corpus corpus,
            int topN,
            PairScorer scorer,
            Mix mix,
            ProgressListener progress,
            CancellationToken cancel) {
        long t0 = System.nanoTime();
        RecallRun reranked = rerank(firstStage, queries, corpus, topN, scorer, progress, cancel);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return switch (mix) {
            case Alone a -> new Result(reranked, reranked, 1, Optional.empty(), seconds);
            case Given g ->
                new Result(
                        reranked,
                        Reranking.combine(firstStage, reranked, g.weight(), topN),
                        g.weight(),
                        Optional.empty(),
                        seconds);
            case TunedOnDev d -> {
                RecallRun devReranked =
                        rerank(d.devFirstStage(), d.dev().queries(), d.dev().corpus(), topN, scorer, progress, cancel);
                Scoring scoring = Scoring.defaultsFor(d.dev());
                Fusion.Tuning t = Reranking.tuneWeight(
                        d.devFirstStage(),
                        devReranked,
                        topN,
                        run -> RetrievalMetrics.evaluate(d.dev(), run, scoring).ndcg10());
                yield new Result(
                        reranked,
                        Reranking.combine(firstStage, reranked, t.weight(), topN),
                        t.weight(),
                        Optional.of(t),
                        seconds);
            }
        };
    }

    /** {@link Reranking#rerank} of every query of {@code queries} (those the run lacks as empty lists). */
    static RecallRun rerank(
            RecallRun firstStage,
            List<Query> queries,
            Corpus corpus,
            int topN,
            PairScorer scorer,
            ProgressListener progress,
            CancellationToken cancel) {
        Map<String, String> texts = new LinkedHashMap<>();
        queries.forEach(q -> texts.put(q.id(), q.text()));
        for (String q : firstStage.rankings().keySet()) {
            if (!texts.containsKey(q)) {
                throw new IllegalArgumentException("query id '" + q
                        + "' of the first stage is not one of the queries (was it made on another set?)");
            }
        }
        Map<String, List<ScoredDoc>> all = new LinkedHashMap<>();
        queries.forEach(q -> all.put(q.id(), firstStage.ranking(q.id())));
        return Reranking.rerank(
                new RecallRun(firstStage.scoreKind(), all), texts, corpus, topN, scorer, progress, cancel);
    }
}
