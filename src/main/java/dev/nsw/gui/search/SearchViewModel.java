package dev.nsw.gui.search;

import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.gui.PanelRequests;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Bm25Retriever;
import dev.nsw.retrieval.Retriever;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Search panel: one query against BM25 and the dense retriever side by side. Marks the gold target when
 * the query is a test query, and for each hit its rank in the other list (overlap and rank shift).
 */
public final class SearchViewModel {
    public static final String NO_DENSE = "Dense: no model loaded — build a dense index in the Index panel";
    public static final String NO_BM25 = "BM25: no index — build one in the Index panel";
    public static final String NO_HYBRID = "Hybrid: needs BM25 and a dense index";
    /** The Search panel's fusion without tuning: reciprocal-rank fusion, k = 60. */
    public static final String RRF = "RRF (k " + dev.nsw.retrieval.Fusion.RRF_K + ")";

    private final WorkbenchModel model;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 10);
    private final ObservableList<HitRow> bm25Hits = FXCollections.observableArrayList();
    private final ObservableList<HitRow> denseHits = FXCollections.observableArrayList();
    private final ObservableList<FusedRow> hybridHits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper hybridTitle = new ReadOnlyStringWrapper(this, "hybridTitle", NO_HYBRID);
    /** The fusions on offer: RRF, and the convex weight tuned on the workspace's dev split once Compare has tuned one. */
    private final ObservableList<String> fusions = FXCollections.observableArrayList(RRF);

    private final StringProperty fusion = new SimpleStringProperty(this, "fusion", RRF);
    private final ReadOnlyStringWrapper bm25Title = new ReadOnlyStringWrapper(this, "bm25Title", NO_BM25);
    private final ReadOnlyStringWrapper denseTitle = new ReadOnlyStringWrapper(this, "denseTitle", NO_DENSE);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final javafx.beans.property.ReadOnlyObjectWrapper<DocumentDetail> detail =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "detail");
    private final QueryBrowser browser;

    private final javafx.beans.property.ObjectProperty<dev.nsw.gui.ModelChoice> denseChoice =
            new javafx.beans.property.SimpleObjectProperty<>(this, "denseChoice");

    public SearchViewModel(WorkbenchModel model) {
        this.model = model;
        this.browser = new QueryBrowser(model);
        denseChoice.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        model.bm25Property().addListener((obs, old, now) -> {
            bm25Title.set(now == null ? NO_BM25 : new Bm25Retriever(now).name());
            bm25Hits.clear();
        });
        model.denseProperty().addListener((obs, old, now) -> {
            denseTitle.set(now == null ? NO_DENSE : now.name());
            denseHits.clear();
        });
        model.tunedHybridProperty().addListener((obs, old, t) -> {
            String keep = fusion.get();
            fusions.setAll(RRF);
            if (t != null) {
                fusions.add(tunedLabel(t));
            }
            // a newly tuned weight is what a person wants to see next; otherwise keep the choice if still offered
            fusion.set(
                    t != null && old == null || t != null && !fusions.contains(keep)
                            ? tunedLabel(t)
                            : fusions.contains(keep) ? keep : RRF);
        });
        fusion.addListener(o -> hybridTitle.set(hybridTitle()));
        model.bm25Property().addListener(o -> {
            hybridTitle.set(hybridTitle());
            hybridHits.clear();
        });
        model.denseProperty().addListener(o -> {
            hybridTitle.set(hybridTitle());
            hybridHits.clear();
        });
        model.requests().onSearchRequest(q -> {
            query.set(q);
            search();
        });
        model.onWorkspaceOpened(ws -> {
            // nothing typed or found in the last workspace stays on screen
            query.set("");
            bm25Hits.clear();
            denseHits.clear();
            hybridHits.clear();
            note.set("");
            detail.set(null);
            browser.reset();
            denseChoice.set(model.catalogue().preferredProperty().get());
        });
    }

    /**
     * Runs the query on every available retriever off the UI thread; the handle ends when the document pane is
     * filled too (a test query whose gold text both miss shows that text).
     */
    public JobHandle search() {
        String q = query.get() == null ? "" : query.get().strip();
        RetrievalDataset set = model.evalSetProperty().get();
        Bm25Index index = model.bm25Property().get();
        Retriever lexical = index == null ? null : new Bm25Retriever(index);
        Retriever dense = model.denseProperty().get();
        if (q.isEmpty()) {
            note.set("Type a query, then press Ctrl+Enter.");
            return JobHandle.notStarted();
        }
        if (set == null || (lexical == null && dense == null)) {
            note.set(
                    set == null
                            ? "No data: open a workspace in Datasets first."
                            : "No index: build BM25 in the Index panel first.");
            return JobHandle.notStarted();
        }
        int topK = Math.max(1, k.get());
        dev.nsw.retrieval.HybridRetriever hybrid = lexical == null || dense == null
                ? null
                : new dev.nsw.retrieval.HybridRetriever(lexical, dense, fusionMethod());
        JobHandle[] documentPane = {JobHandle.succeeded()};
        return model.executor()
                .job("Search", (progress, cancel) -> {
                    if (hybrid != null) {
                        // one search per retriever: the fused list and the two side lists come from the same
                        // first stages
                        dev.nsw.retrieval.HybridRetriever.Stages st = hybrid.searchWithStages(q, topK);
                        return new Results(top(st.lexical(), topK), top(st.dense(), topK), st);
                    }
                    List<ScoredDoc> a = lexical == null ? null : lexical.search(q, topK);
                    List<ScoredDoc> b = dense == null ? null : dense.search(q, topK);
                    return new Results(a, b, null);
                })
                .onlyWhile(model.epoch()::isCurrent) // another workspace was opened meanwhile
                .onSuccess(r -> {
                    show(set, q, r.lexical(), lexical, r.dense(), dense);
                    showHybrid(set, q, r.stages(), hybrid);
                    documentPane[0] = showMissedGold(set, q, r.lexical(), r.dense());
                })
                .onFailure(error -> model.dialogs().showError("Search failed", error))
                .start()
                .then(() -> documentPane[0]);
    }

    private static List<ScoredDoc> top(List<ScoredDoc> list, int k) {
        return List.copyOf(list.subList(0, Math.min(k, list.size())));
    }

    /** The method the hybrid list fuses with: RRF, or the convex weight tuned on the workspace's dev split. */
    private dev.nsw.retrieval.Fusion.Method fusionMethod() {
        WorkbenchModel.TunedHybrid t = model.tunedHybridProperty().get();
        return t != null && tunedLabel(t).equals(fusion.get())
                ? new dev.nsw.retrieval.Fusion.Convex(t.weight())
                : new dev.nsw.retrieval.Fusion.Rrf(dev.nsw.retrieval.Fusion.RRF_K);
    }

    private static String tunedLabel(WorkbenchModel.TunedHybrid t) {
        return String.format(
                Locale.ROOT,
                "dense weight %.2f (tuned on %s)",
                t.weight(),
                t.source().replaceFirst(" \\(.*", ""));
    }

    private String hybridTitle() {
        if (model.bm25Property().get() == null || model.denseProperty().get() == null) {
            return NO_HYBRID;
        }
        return "Hybrid · " + fusion.get();
    }

    private void showHybrid(
            RetrievalDataset set,
            String q,
            dev.nsw.retrieval.HybridRetriever.Stages st,
            dev.nsw.retrieval.HybridRetriever hybrid) {
        if (st == null) {
            hybridHits.clear();
            return;
        }
        Set<String> gold = set.queryByText(q).map(tq -> set.relevant(tq.id())).orElse(Set.of());
        Map<String, Integer> bm25Rank = ranks(st.lexical());
        Map<String, Integer> denseRank = ranks(st.dense());
        List<FusedRow> rows = new ArrayList<>();
        for (int i = 0; i < st.fused().size(); i++) {
            ScoredDoc d = st.fused().get(i);
            String text =
                    set.corpus().byId(d.docId()).map(Document::text).orElse("(not in the corpus: " + d.docId() + ")");
            rows.add(new FusedRow(
                    i + 1,
                    d.docId(),
                    text,
                    d.score(),
                    hybrid.scoreKind(),
                    gold.contains(d.docId()),
                    bm25Rank.getOrDefault(d.docId(), 0),
                    denseRank.getOrDefault(d.docId(), 0)));
        }
        hybridHits.setAll(rows);
        if (!gold.isEmpty()) {
            note.set(note.get() + goldRank(" · hybrid ", st.fused(), gold));
        }
    }

    private static Map<String, Integer> ranks(List<ScoredDoc> list) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            out.putIfAbsent(list.get(i).docId(), i + 1);
        }
        return out;
    }

    private record Results(
            List<ScoredDoc> lexical, List<ScoredDoc> dense, dev.nsw.retrieval.HybridRetriever.Stages stages) {}

    private void show(
            RetrievalDataset set, String q, List<ScoredDoc> a, Retriever ra, List<ScoredDoc> b, Retriever rb) {
        Optional<Query> testQuery = set.queryByText(q);
        Set<String> gold = testQuery.map(tq -> set.relevant(tq.id())).orElse(Set.of());
        bm25Hits.setAll(rows(set, a, ra, b, gold));
        denseHits.setAll(rows(set, b, rb, a, gold));
        StringBuilder sb = new StringBuilder();
        if (testQuery.isPresent()) {
            sb.append("Test query ").append(testQuery.get().id()).append(": gold target marked ★");
            if (a != null) {
                sb.append(goldRank(" · BM25 ", a, gold));
            }
            if (b != null) {
                sb.append(goldRank(" · dense ", b, gold));
            }
        } else {
            sb.append("Not a test query (no gold target to mark)");
        }
        if (a != null && b != null) {
            long shared = a.stream()
                    .map(ScoredDoc::docId)
                    .filter(id -> b.stream().anyMatch(d -> d.docId().equals(id)))
                    .count();
            sb.append(String.format(Locale.ROOT, " · overlap %d of top %d", shared, Math.max(a.size(), b.size())));
        }
        note.set(sb.toString());
    }

    private static String goldRank(String label, List<ScoredDoc> list, Set<String> gold) {
        for (int i = 0; i < list.size(); i++) {
            if (gold.contains(list.get(i).docId())) {
                return label + "finds it at rank " + (i + 1);
            }
        }
        return label + "misses it in the top " + list.size();
    }

    static List<HitRow> rows(
            RetrievalDataset set, List<ScoredDoc> hits, Retriever retriever, List<ScoredDoc> other, Set<String> gold) {
        if (hits == null) {
            return List.of();
        }
        Map<String, Integer> otherRanks = new HashMap<>();
        if (other != null) {
            for (int i = 0; i < other.size(); i++) {
                otherRanks.putIfAbsent(other.get(i).docId(), i + 1);
            }
        }
        List<HitRow> rows = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            ScoredDoc d = hits.get(i);
            String text =
                    set.corpus().byId(d.docId()).map(Document::text).orElse("(not in the corpus: " + d.docId() + ")");
            int otherRank = other == null ? -1 : otherRanks.getOrDefault(d.docId(), 0);
            rows.add(new HitRow(
                    i + 1, d.docId(), text, d.score(), retriever.scoreKind(), gold.contains(d.docId()), otherRank));
        }
        return rows;
    }

    /** When both systems miss the gold text of a test query, the document pane shows it; otherwise it is cleared. */
    private JobHandle showMissedGold(RetrievalDataset set, String q, List<ScoredDoc> a, List<ScoredDoc> b) {
        Optional<Query> tq = set.queryByText(q);
        Set<String> gold = tq.map(x -> set.relevant(x.id())).orElse(Set.of());
        boolean found = (a != null && a.stream().anyMatch(d -> gold.contains(d.docId())))
                || (b != null && b.stream().anyMatch(d -> gold.contains(d.docId())));
        if (gold.isEmpty() || found) {
            detail.set(null);
            return JobHandle.succeeded();
        }
        return showDocument(
                gold.iterator().next(), "Gold text — both systems miss it in their top " + Math.max(1, k.get()));
    }

    /** Shows a document in the document pane: full text, ranks and scores on both sides, BM25's explanation, the dense tokens. */
    public JobHandle showDocument(String docId, String heading) {
        RetrievalDataset set = model.evalSetProperty().get();
        String q = query.get() == null ? "" : query.get().strip();
        if (set == null || docId == null) {
            return JobHandle.notStarted();
        }
        Bm25Index index = model.bm25Property().get();
        Retriever dense = model.denseProperty().get();
        String text = set.corpus().byId(docId).map(Document::text).orElse("");
        Set<String> gold = set.queryByText(q).map(x -> set.relevant(x.id())).orElse(Set.of());
        int bm25Rank = index == null ? -1 : rankIn(bm25Hits, docId);
        int denseRank = dense == null ? -1 : rankIn(denseHits, docId);
        return model.executor()
                .job("Explain " + docId, (progress, cancel) -> {
                    Bm25Index.Explained e = index == null || q.isEmpty() ? null : index.explain(q, docId, text);
                    dev.nsw.retrieval.DenseRetriever.Explained d =
                            dense instanceof dev.nsw.retrieval.DenseRetriever dr && !q.isEmpty()
                                    ? dr.explain(q, text)
                                    : null;
                    return new DocumentDetail(
                            heading,
                            docId,
                            text,
                            gold.contains(docId),
                            bm25Rank,
                            e == null ? Double.NaN : e.score(),
                            e == null ? "" : e.explanation(),
                            e == null ? List.of() : e.matchedTerms(),
                            e == null ? List.of() : e.spans(),
                            denseRank,
                            d == null ? Double.NaN : d.cosine(),
                            d == null ? List.of() : d.tokens(),
                            d != null && d.truncated(),
                            d == null ? 0 : d.maxSeqLength());
                })
                .onlyWhile(model.epoch()::isCurrent)
                .onSuccess(detail::set)
                .onFailure(error -> model.dialogs().showError("Cannot explain " + docId, error))
                .start();
    }

    private static int rankIn(List<HitRow> rows, String docId) {
        return rows.stream()
                .filter(r -> r.docId().equals(docId))
                .mapToInt(HitRow::rank)
                .findFirst()
                .orElse(0);
    }

    public javafx.beans.property.ReadOnlyObjectProperty<DocumentDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    // ---- the query browser (QueryBrowser) ----

    /** Judges the test queries by Compare's runs A and B at K ({@link QueryBrowser#setCompared}). */
    public void setCompared(dev.nsw.data.RecallRun a, dev.nsw.data.RecallRun b, int k) {
        browser.setCompared(a, b, k);
    }

    /** The test queries shown in the browser (after the filter). */
    public ObservableList<QueryRow> queries() {
        return browser.queries();
    }

    /** Filter: part of a query's text, its id, or an outcome ("only A", "neither", …). */
    public StringProperty queryFilterProperty() {
        return browser.filterProperty();
    }

    /** Runs a test query from the browser in Search. */
    public JobHandle searchQuery(QueryRow row) {
        if (row == null) {
            return JobHandle.notStarted();
        }
        query.set(row.text());
        return search();
    }

    /** Sends the BM25 hits (or the dense ones when there is no BM25 list) to the Annotate panel. */
    public void annotateHits() {
        List<HitRow> rows = bm25Hits.isEmpty() ? denseHits : bm25Hits;
        if (rows.isEmpty()) {
            return;
        }
        String q = query.get().strip();
        model.requests()
                .annotateCandidates(rows.stream()
                        .map(r -> new PanelRequests.Candidate(q, r.docId(), r.text()))
                        .toList());
    }

    /** The model to query on the dense side (Search panel's choice). */
    public javafx.beans.property.ObjectProperty<dev.nsw.gui.ModelChoice> denseChoiceProperty() {
        return denseChoice;
    }

    public ObservableList<dev.nsw.gui.ModelChoice> models() {
        return model.catalogue().models();
    }

    /**
     * Makes the chosen model the dense side: the Index panel builds its index with the current settings
     * (the same build as its Build button), then the current query runs again.
     */
    public JobHandle useDenseModel() {
        dev.nsw.gui.ModelChoice m = denseChoice.get();
        if (m == null || model.evalSetProperty().get() == null) {
            return JobHandle.notStarted();
        }
        note.set("Building the dense index with " + m.label() + "…");
        return model.requests().requestDenseModel(m).then(() -> {
            if (query.get() != null && !query.get().isBlank()) {
                return search();
            }
            note.set("Dense side now queries " + m.label() + ".");
            return JobHandle.succeeded();
        });
    }

    public StringProperty queryProperty() {
        return query;
    }

    public IntegerProperty kProperty() {
        return k;
    }

    public ObservableList<HitRow> bm25Hits() {
        return bm25Hits;
    }

    public ObservableList<HitRow> denseHits() {
        return denseHits;
    }

    /** The hybrid list: fused rank and score, with each document's rank in BM25's and the dense model's first stage. */
    public ObservableList<FusedRow> hybridHits() {
        return hybridHits;
    }

    public ReadOnlyStringProperty hybridTitleProperty() {
        return hybridTitle.getReadOnlyProperty();
    }

    /** The fusions on offer (RRF; the tuned weight once Compare has tuned one in this workspace). */
    public ObservableList<String> fusions() {
        return fusions;
    }

    /** The chosen fusion, one of {@link #fusions()}; the next search uses it. */
    public StringProperty fusionProperty() {
        return fusion;
    }

    public ReadOnlyStringProperty bm25TitleProperty() {
        return bm25Title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty denseTitleProperty() {
        return denseTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** A few test queries to try, for the query box's suggestions. */
    public List<String> sampleQueries(int n) {
        RetrievalDataset set = model.evalSetProperty().get();
        return set == null
                ? List.of()
                : set.queries().stream().limit(n).map(Query::text).toList();
    }
}
