package dev.nsw.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-query wins and losses of two runs on the same evaluation set at one cut-off K.
 *
 * <p>A query is a <em>win</em> of run A when a relevant document is in A's top K and not in B's
 * ({@link QueryOutcome#hitAt(int)}); a <em>loss</em> the other way round. Queries both runs find, or both
 * miss, are only counted. Lists keep the evaluation set's query order. Both reports must come from the same
 * evaluation set: a query of one that the other lacks is a mistake and fails fast.
 *
 * @param wins queries A finds at K and B misses
 * @param losses queries B finds at K and A misses
 */
public record RunComparison(
        String nameA, String nameB, int k, List<Diff> wins, List<Diff> losses, int bothHit, int bothMiss) {

    /**
     * One query where the two runs disagree.
     *
     * @param rankA 1-based rank of the first relevant document in A's ranking, 0 when A did not retrieve one
     * @param rankB the same for B
     */
    public record Diff(String queryId, int rankA, int rankB) {}

    public RunComparison {
        wins = List.copyOf(wins);
        losses = List.copyOf(losses);
    }

    public static RunComparison compare(String nameA, MetricsReport a, String nameB, MetricsReport b, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (a.perQuery().size() != b.perQuery().size()) {
            throw new IllegalArgumentException("the runs were scored on different sets: " + nameA + " has "
                    + a.perQuery().size() + " queries, " + nameB + " has "
                    + b.perQuery().size());
        }
        Map<String, QueryOutcome> byId = new LinkedHashMap<>();
        for (QueryOutcome o : b.perQuery()) {
            byId.put(o.queryId(), o);
        }
        List<Diff> wins = new ArrayList<>();
        List<Diff> losses = new ArrayList<>();
        int bothHit = 0;
        int bothMiss = 0;
        for (QueryOutcome oa : a.perQuery()) {
            QueryOutcome ob = byId.get(oa.queryId());
            if (ob == null) {
                throw new IllegalArgumentException("query '" + oa.queryId() + "' of " + nameA + " is not in " + nameB
                        + ": the runs were scored on different sets");
            }
            boolean ha = oa.hitAt(k);
            boolean hb = ob.hitAt(k);
            if (ha && hb) {
                bothHit++;
            } else if (!ha && !hb) {
                bothMiss++;
            } else if (ha) {
                wins.add(new Diff(oa.queryId(), oa.firstRelevantRank(), ob.firstRelevantRank()));
            } else {
                losses.add(new Diff(oa.queryId(), oa.firstRelevantRank(), ob.firstRelevantRank()));
            }
        }
        return new RunComparison(nameA, nameB, k, wins, losses, bothHit, bothMiss);
    }
}
