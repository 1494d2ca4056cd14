package dev.nsw.gui.search;

import dev.nsw.data.Document;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.eval.ScoredRanking;
import dev.nsw.eval.Scoring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Search panel's lists as the workspace's scoring sees them ({@link Scoring#scoredRanking}), the same rule
 * Compare's runs are made with ({@link Scoring#asWritten}): a retriever's list, in the one order
 * ({@code data.RankingOrder}, never re-sorted here), loses what the scoring drops (a BEIR query's own document),
 * the hits are ranked by their position, and the dropped result stays on screen, greyed, where the retriever put it.
 */
final class RankedLists {
    private RankedLists() {}

    /**
     * One list after the scoring.
     *
     * @param hits the first {@code k} hits, best first: rank i + 1 is position i
     * @param dropped results not counted that the retriever put within its first {@code k}, with that rank
     */
    record Scored(List<ScoredDoc> hits, List<ScoredRanking.Dropped> dropped) {
        static final Scored NONE = new Scored(List.of(), List.of());

        /** Rank of each document among the hits (1-based). */
        Map<String, Integer> ranks() {
            Map<String, Integer> out = new HashMap<>();
            for (int i = 0; i < hits.size(); i++) {
                out.putIfAbsent(hits.get(i).docId(), i + 1);
            }
            return out;
        }

        /** "finds it at rank 3" / "misses it in the top 10" for the first gold document. */
        String goldRank(Set<String> gold, int k) {
            for (int i = 0; i < hits.size(); i++) {
                if (gold.contains(hits.get(i).docId())) {
                    return "finds it at rank " + (i + 1);
                }
            }
            return "misses it in the top " + k;
        }
    }

    /**
     * {@code retrieved} (a retriever's list, asked at {@link Scoring#retrievalDepth} or deeper) as {@code scoring}
     * sees it for the test query {@code queryId} (null for a query typed by hand: nothing is dropped), cut to
     * {@code k}.
     */
    static Scored score(Scoring scoring, String queryId, List<ScoredDoc> retrieved, int k) {
        if (retrieved == null) {
            return null;
        }
        ScoredRanking r = scoring.scoredRanking(queryId, retrieved);
        List<ScoredDoc> hits = r.hits().subList(0, Math.min(k, r.hits().size()));
        List<ScoredRanking.Dropped> shown =
                r.dropped().stream().filter(d -> d.retrievedRank() <= k).toList();
        return new Scored(List.copyOf(hits), shown);
    }

    /**
     * The rows of one list: its hits ranked 1…k, each with its rank among the other list's hits ({@code other}
     * null: there is no other list), and its dropped results at their retrieved places.
     */
    static List<HitRow> rows(RetrievalDataset set, Scored mine, String scoreKind, Scored other, Set<String> gold) {
        if (mine == null) {
            return List.of();
        }
        Map<String, Integer> otherRanks = other == null ? Map.of() : other.ranks();
        List<HitRow> rows = new ArrayList<>(mine.hits().size() + mine.dropped().size());
        for (int i = 0; i < mine.hits().size(); i++) {
            ScoredDoc d = mine.hits().get(i);
            int otherRank = other == null ? -1 : otherRanks.getOrDefault(d.docId(), 0);
            rows.add(new HitRow(
                    i + 1, d.docId(), text(set, d.docId()), d.score(), scoreKind, gold.contains(d.docId()), otherRank));
        }
        insertDropped(
                rows,
                mine,
                x -> new HitRow(
                        x.retrievedRank(),
                        x.doc().docId(),
                        text(set, x.doc().docId()),
                        x.doc().score(),
                        scoreKind,
                        gold.contains(x.doc().docId()),
                        -1,
                        x.reason()));
        return rows;
    }

    /** The hybrid list's rows: fused hits with their ranks among each first stage's hits, and its dropped results. */
    static List<FusedRow> fusedRows(
            RetrievalDataset set, Scored fused, String scoreKind, Scored lexical, Scored dense, Set<String> gold) {
        Map<String, Integer> bm25 = lexical.ranks();
        Map<String, Integer> den = dense.ranks();
        List<FusedRow> rows = new ArrayList<>();
        for (int i = 0; i < fused.hits().size(); i++) {
            ScoredDoc d = fused.hits().get(i);
            rows.add(new FusedRow(
                    i + 1,
                    d.docId(),
                    text(set, d.docId()),
                    d.score(),
                    scoreKind,
                    gold.contains(d.docId()),
                    bm25.getOrDefault(d.docId(), 0),
                    den.getOrDefault(d.docId(), 0),
                    null));
        }
        insertDropped(
                rows,
                fused,
                x -> new FusedRow(
                        x.retrievedRank(),
                        x.doc().docId(),
                        text(set, x.doc().docId()),
                        x.doc().score(),
                        scoreKind,
                        gold.contains(x.doc().docId()),
                        0,
                        0,
                        x.reason()));
        return rows;
    }

    /** Puts each of {@code list}'s dropped results among {@code rows} at the place the retriever gave it. */
    private static <R> void insertDropped(
            List<R> rows, Scored list, java.util.function.Function<ScoredRanking.Dropped, R> row) {
        for (ScoredRanking.Dropped x : list.dropped()) {
            rows.add(Math.min(x.retrievedRank() - 1, rows.size()), row.apply(x));
        }
    }

    static String text(RetrievalDataset set, String docId) {
        return set.corpus().byId(docId).map(Document::text).orElse("(not in the corpus: " + docId + ")");
    }
}
