package dev.nsw.gui.search;

import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.eval.Scoring;
import dev.nsw.gui.PanelRequests;
import dev.nsw.gui.WorkbenchModel;
import dev.nsw.gui.task.JobHandle;
import dev.nsw.lexical.Bm25Index;
import dev.nsw.retrieval.Retriever;
import java.util.List;
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
    /**
     * The Search panel's default fusion, Compare's default without a dev split and {@code nsw recall --mode hybrid}'s:
     * z-score fusion with the label-free dense weight Compare's label-free run chose over the test queries, so a test
     * query's hybrid list here is its list in that run; before Compare has made one, the weight of the query's own two
     * lists ({@code Fusion.LabelFree}, as {@code nsw serve}'s hybrid weighs each request). See {@link FusionChoice}.
     */
    public static final String LABEL_FREE = "label-free z-score";

    private final WorkbenchModel model;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 10);
    private final ObservableList<HitRow> bm25Hits = FXCollections.observableArrayList();
    private final ObservableList<HitRow> denseHits = FXCollections.observableArrayList();
    private final ObservableList<FusedRow> hybridHits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper hybridTitle = new ReadOnlyStringWrapper(this, "hybridTitle", NO_HYBRID);
    /** The fusions on offer and the one chosen (label-free, RRF, the weight Compare tuned on dev). */
    private final FusionChoice fusion;
    /** Why the last search's label-free weight is what it is (empty for another fusion, or before a search). */
    private String lastWhy = "";

    private final ReadOnlyStringWrapper hybridWhy = new ReadOnlyStringWrapper(this, "hybridWhy", "");
    private final SearchSources sources;
    private final ReadOnlyStringWrapper bm25Title = new ReadOnlyStringWrapper(this, "bm25Title", NO_BM25);
    private final ReadOnlyStringWrapper denseTitle = new ReadOnlyStringWrapper(this, "denseTitle", NO_DENSE);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final javafx.beans.property.ReadOnlyObjectWrapper<DocumentDetail> detail =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "detail");
    private final QueryBrowser browser;
    /** The test query last picked in the browser: its id decides which query a repeated text is. */
    private String browsedQueryId;

    private final javafx.beans.property.ObjectProperty<dev.nsw.gui.ModelChoice> denseChoice =
            new javafx.beans.property.SimpleObjectProperty<>(this, "denseChoice");

    public SearchViewModel(WorkbenchModel model) {
        this.model = model;
        this.browser = new QueryBrowser(model);
        this.sources = new SearchSources(model);
        this.fusion = new FusionChoice(model);
        denseChoice.set(
                model.catalogue().models().isEmpty()
                        ? null
                        : model.catalogue().models().getFirst());
        // a list's retriever changes (a local index built, the engine connected, the engine switch flipped): its
        // title follows and the old hits go
        sources.onChange(
                o -> {
                    Retriever r = sources.lexical();
                    bm25Title.set(r == null ? NO_BM25 : r.name());
                    bm25Hits.clear();
                },
                o -> {
                    Retriever r = sources.dense();
                    denseTitle.set(r == null ? NO_DENSE : r.name());
                    denseHits.clear();
                });
        fusion.fusionProperty().addListener(o -> {
            lastWhy = "";
            hybridTitle.set(hybridTitle());
        });
        javafx.beans.InvalidationListener hybridChanged = o -> {
            lastWhy = "";
            hybridTitle.set(hybridTitle());
            hybridHits.clear();
        };
        sources.onChange(hybridChanged, hybridChanged);
        // Compare chose a label-free weight (or a workspace opened without one): the label-free list fuses anew
        model.labelFreeHybridProperty().addListener(hybridChanged);
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
            browsedQueryId = null;
            browser.reset();
            denseChoice.set(model.catalogue().preferredProperty().get());
        });
    }

    /**
     * Runs the query on every available retriever off the UI thread; the handle ends when the document pane is
     * filled too (a test query whose gold text both miss shows that text). Each list is made as Compare makes its
     * runs — asked {@link Scoring#retrievalDepth} deep, what the workspace's scoring drops (a BEIR query's own
     * document) taken out and shown greyed, cut to K — so a test query's ranks here are its ranks in Compare; the
     * hybrid list fuses first stages as deep as Compare's hybrid runs do, so its ranks agree too.
     */
    public JobHandle search() {
        String q = query.get() == null ? "" : query.get().strip();
        RetrievalDataset set = model.evalSetProperty().get();
        Retriever lexical = sources.lexical();
        Retriever dense = sources.dense();
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
        Scoring scoring = Scoring.defaultsFor(set);
        Optional<Query> testQuery = testQuery(set, q);
        String queryId = testQuery.map(Query::id).orElse(null);
        FusionChoice.Chosen chosen = fusion.chosen();
        dev.nsw.retrieval.HybridRetriever hybrid = lexical == null || dense == null
                ? null
                : new dev.nsw.retrieval.HybridRetriever(lexical, dense, chosen.method());
        JobHandle[] documentPane = {JobHandle.succeeded()};
        return model.executor()
                .job("Search", (progress, cancel) -> {
                    if (hybrid != null) {
                        // one search per retriever: the fused list and the two side lists come from the same
                        // first stages, as deep as Compare's hybrid runs (their top RECALL_NUM + 1)
                        var st = hybrid.searchWithStages(q, scoring.retrievalDepth(Math.max(topK, Scoring.RECALL_NUM)));
                        String why = chosen.why(st.lexical(), st.dense());
                        return new Results(
                                RankedLists.score(scoring, queryId, st.lexical(), topK),
                                RankedLists.score(scoring, queryId, st.dense(), topK),
                                RankedLists.score(scoring, queryId, st.fused(), topK),
                                RankedLists.score(scoring, queryId, st.lexical(), Integer.MAX_VALUE),
                                RankedLists.score(scoring, queryId, st.dense(), Integer.MAX_VALUE),
                                hybrid.scoreKind(),
                                why);
                    }
                    int depth = scoring.retrievalDepth(topK);
                    return new Results(
                            lexical == null
                                    ? null
                                    : RankedLists.score(scoring, queryId, lexical.search(q, depth), topK),
                            dense == null ? null : RankedLists.score(scoring, queryId, dense.search(q, depth), topK),
                            null,
                            null,
                            null,
                            null,
                            "");
                })
                .onlyWhile(model.epoch()::isCurrent) // another workspace was opened meanwhile
                .onSuccess(r -> {
                    show(set, testQuery, topK, r, lexical, dense);
                    documentPane[0] = showMissedGold(set, testQuery, r);
                })
                .onFailure(error -> {
                    if (sources.isEngine(lexical) || sources.isEngine(dense)) {
                        // the engine down, its index gone, another model: one line, never a trace
                        model.engine().fail(error);
                        note.set(model.engine().problemProperty().get());
                    } else {
                        model.dialogs().showError("Search failed", error);
                    }
                })
                .start()
                .then(() -> documentPane[0]);
    }

    /**
     * The test query {@code q} is: the one picked in the query browser while its text is in the box, else the
     * test query with this text; empty for a query typed by hand.
     */
    private Optional<Query> testQuery(RetrievalDataset set, String q) {
        if (browsedQueryId != null) {
            Optional<Query> picked =
                    set.queryById(browsedQueryId).filter(x -> x.text().strip().equals(q));
            if (picked.isPresent()) {
                return picked;
            }
        }
        return set.queryByText(q);
    }

    private String hybridTitle() {
        if (sources.lexical() == null || sources.dense() == null) {
            return NO_HYBRID;
        }
        // the fusion, and its weight and why: label-free, Compare's weight (known before a search) or, after a search,
        // the query's own; the heading shows the reason's part before its colon, the whole line is its tooltip
        String why = lastWhy.isEmpty() ? fusion.whyBeforeSearch() : lastWhy;
        hybridWhy.set(why);
        int colon = why.indexOf(':');
        return why.isEmpty()
                ? "Hybrid · " + fusion.fusionProperty().get()
                : "Hybrid · " + why.substring(0, colon < 0 ? why.length() : colon);
    }

    /** The last search's whole label-free reason (the heading's tooltip), empty for another fusion. */
    public ReadOnlyStringProperty hybridWhyProperty() {
        return hybridWhy.getReadOnlyProperty();
    }

    /**
     * One search's lists after the scoring: BM25's and the dense model's top K (null without that retriever), the
     * fused top K and, for its rank columns, the two first stages' hits (null without a hybrid).
     */
    private record Results(
            RankedLists.Scored lexical,
            RankedLists.Scored dense,
            RankedLists.Scored fused,
            RankedLists.Scored lexicalStage,
            RankedLists.Scored denseStage,
            String fusedKind,
            String why) {}

    private void show(
            RetrievalDataset set, Optional<Query> testQuery, int topK, Results r, Retriever lexical, Retriever dense) {
        Set<String> gold = testQuery.map(tq -> set.relevant(tq.id())).orElse(Set.of());
        bm25Hits.setAll(
                RankedLists.rows(set, r.lexical(), lexical == null ? "" : lexical.scoreKind(), r.dense(), gold));
        denseHits.setAll(RankedLists.rows(set, r.dense(), dense == null ? "" : dense.scoreKind(), r.lexical(), gold));
        lastWhy = r.why();
        hybridTitle.set(hybridTitle());
        hybridHits.setAll(
                r.fused() == null
                        ? List.of()
                        : RankedLists.fusedRows(set, r.fused(), r.fusedKind(), r.lexicalStage(), r.denseStage(), gold));
        note.set(SearchNote.of(testQuery, gold, topK, r.lexical(), r.dense(), r.fused()));
    }

    /** When both systems miss the gold text of a test query, the document pane shows it; otherwise it is cleared. */
    private JobHandle showMissedGold(RetrievalDataset set, Optional<Query> tq, Results r) {
        Set<String> gold = tq.map(x -> set.relevant(x.id())).orElse(Set.of());
        boolean found = java.util.stream.Stream.of(r.lexical(), r.dense())
                .anyMatch(l -> l != null && l.hits().stream().anyMatch(d -> gold.contains(d.docId())));
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
        // the explanations come from the local indexes (the engine's BM25 scores are theirs: same analyzer, k1, b
        // and corpus statistics); the ranks from the lists on screen, the engine's when they are shown
        Bm25Index index = model.bm25Property().get();
        Retriever dense = model.denseProperty().get();
        String text = set.corpus().byId(docId).map(Document::text).orElse("");
        Set<String> gold = testQuery(set, q).map(x -> set.relevant(x.id())).orElse(Set.of());
        int bm25Rank = sources.lexical() == null ? -1 : rankIn(bm25Hits, docId);
        int denseRank = sources.dense() == null ? -1 : rankIn(denseHits, docId);
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
                            d == null ? "" : d.reading());
                })
                .onlyWhile(model.epoch()::isCurrent)
                .onSuccess(detail::set)
                .onFailure(error -> model.dialogs().showError("Cannot explain " + docId, error))
                .start();
    }

    /** The document's rank among a list's hits, 0 when it is not one (a dropped result is not). */
    private static int rankIn(List<HitRow> rows, String docId) {
        return rows.stream()
                .filter(r -> !r.isDropped() && r.docId().equals(docId))
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
        browsedQueryId = row.id();
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
                        .filter(r -> !r.isDropped()) // a BEIR query's own document is never a hit to judge
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

    /**
     * Whether the lists are the engine's when the workspace names one (on by default); off, the local indexes'
     * lists come back, for a side-by-side look.
     */
    public javafx.beans.property.BooleanProperty useEngineProperty() {
        return sources.useEngineProperty();
    }

    /** True while the workspace's engine is connected: the switch between its lists and the local ones is offered. */
    public javafx.beans.binding.BooleanBinding engineConnected() {
        return sources.engineConnected();
    }

    /** Why the engine's lists are not shown, in one line ("Engine: …"); empty when fine. */
    public ReadOnlyStringProperty engineProblemProperty() {
        return model.engine().problemProperty();
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
        return fusion.fusions();
    }

    /** The chosen fusion, one of {@link #fusions()}; the next search uses it. */
    public StringProperty fusionProperty() {
        return fusion.fusionProperty();
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
