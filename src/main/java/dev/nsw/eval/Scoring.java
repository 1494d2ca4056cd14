package dev.nsw.eval;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run is scored: which Recall@K definition, which cut-offs, and whether a result whose document id
 * equals its query's id is dropped before scoring (BEIR's {@code ignore_identical_ids=True}: in sets whose
 * queries are also corpus documents, a query would otherwise find itself first).
 *
 * <p>{@link #defaultsFor} is the one home of the conventions: recipe files get the recipe's micro recall
 * and keep every result; BEIR folders get macro recall and drop identical ids. nDCG always uses the
 * judgements' grades as gains (recipe pairs are all grade 1, so for them it is binary nDCG).
 *
 * @param cutoffs the K of Recall@K, ascending; empty means "the default for the run's depth"
 *     ({@link #cutoffsFor})
 */
public record Scoring(RecallDefinition recall, boolean ignoreIdenticalIds, List<Integer> cutoffs) {
    /** The cut-offs the recipe reports. */
    public static final List<Integer> RECIPE_CUTOFFS = List.of(1, 5, 10, 20, 50);

    /**
     * Texts recalled per query unless told otherwise: the recipe's {@code recall_num}, its deepest cut-off
     * (the CLI's {@code --recall_num} default, the workbench's Compare runs, the demo, dev evaluation in training).
     */
    public static final int RECALL_NUM = 50;

    public Scoring {
        cutoffs = List.copyOf(cutoffs);
        for (int i = 0; i < cutoffs.size(); i++) {
            if (cutoffs.get(i) < 1) {
                throw new IllegalArgumentException("cut-offs must be >= 1, got " + cutoffs.get(i));
            }
            if (i > 0 && cutoffs.get(i) <= cutoffs.get(i - 1)) {
                throw new IllegalArgumentException("cut-offs must be ascending and distinct, got " + cutoffs);
            }
        }
    }

    /** The recipe's scoring: micro recall, every result kept, default cut-offs. */
    public static Scoring recipe() {
        return new Scoring(RecallDefinition.MICRO, false, List.of());
    }

    /** BEIR's scoring: macro recall, a query's own id never a hit, default cut-offs. */
    public static Scoring beir() {
        return new Scoring(RecallDefinition.MACRO, true, List.of());
    }

    /** The field's convention for where the set came from. */
    public static Scoring defaultsFor(RetrievalDataset dataset) {
        return dataset.format() == RetrievalDataset.Format.BEIR ? beir() : recipe();
    }

    /** The defaults for {@code dataset}, with any choice the user made in place of the default. */
    public static Scoring of(
            RetrievalDataset dataset,
            Optional<RecallDefinition> recall,
            Optional<Boolean> ignoreIdenticalIds,
            List<Integer> cutoffs) {
        Scoring d = defaultsFor(dataset);
        return new Scoring(
                recall.orElse(d.recall()),
                ignoreIdenticalIds.orElse(d.ignoreIdenticalIds()),
                cutoffs == null ? List.of() : cutoffs);
    }

    public Scoring withCutoffs(List<Integer> k) {
        return new Scoring(recall, ignoreIdenticalIds, k);
    }

    /**
     * The cut-offs to report for {@code run}: the chosen ones, else the recipe's 1, 5, 10, 20, 50 plus 100
     * when the run is at least 100 deep (below that, R@100 would only repeat R@depth).
     */
    public List<Integer> cutoffsFor(RecallRun run) {
        if (!cutoffs.isEmpty()) {
            return cutoffs;
        }
        List<Integer> k = new ArrayList<>(RECIPE_CUTOFFS);
        if (run.depth() >= 100) {
            k.add(100);
        }
        return k;
    }

    /**
     * How deep to ask a retriever so that {@code depth} results are left once a query's own id is dropped:
     * {@code depth + 1} when this scoring drops identical ids (as BEIR's own search asks for top_k + 1), else
     * {@code depth}.
     */
    public int retrievalDepth(int depth) {
        return ignoreIdenticalIds ? depth + 1 : depth;
    }

    /**
     * A query's ranking as this scoring sees it: the hits that count, in order, and the results dropped (the
     * query's own document under BEIR's rule) with the rank they had — for a panel that shows the dropped hit
     * greyed out rather than hiding it. The one home of "a query's own id is never a hit".
     */
    public ScoredRanking scoredRanking(String queryId, List<ScoredDoc> ranking) {
        if (!ignoreIdenticalIds || queryId == null) {
            return new ScoredRanking(ranking, List.of());
        }
        List<ScoredDoc> hits = new ArrayList<>(ranking.size());
        List<ScoredRanking.Dropped> dropped = new ArrayList<>(1);
        for (int i = 0; i < ranking.size(); i++) {
            ScoredDoc d = ranking.get(i);
            if (d.docId().equals(queryId)) {
                dropped.add(new ScoredRanking.Dropped(d, i + 1, ScoredRanking.Dropped.OWN_ID));
            } else {
                hits.add(d);
            }
        }
        return dropped.isEmpty() ? new ScoredRanking(ranking, List.of()) : new ScoredRanking(hits, dropped);
    }

    /**
     * The run as nsw writes and scores it: each query's ranking without what this scoring drops, cut to
     * {@code depth}. A run made at {@link #retrievalDepth}{@code (depth)} and shaped here is {@code depth} deep
     * for every query, and its TREC file scores the same in trec_eval (which knows no identical-id rule), in
     * BEIR's evaluation and in nsw.
     */
    public RecallRun asWritten(RecallRun run, int depth) {
        Map<String, List<ScoredDoc>> shaped = new LinkedHashMap<>();
        run.rankings().forEach((q, docs) -> {
            List<ScoredDoc> hits = scoredRanking(q, docs).hits();
            shaped.put(q, hits.subList(0, Math.min(depth, hits.size())));
        });
        return new RecallRun(run.scoreKind(), shaped, run.order());
    }

    /** One line for tables and logs: which definitions produced the numbers. */
    public String describe() {
        return "Recall@K " + recall.cliName() + " (" + recall.description() + "), nDCG with graded gains, "
                + (ignoreIdenticalIds ? "results whose id equals the query's dropped (BEIR)" : "every result kept");
    }
}
