package dev.nsw.gui.search;

import static dev.nsw.gui.Views.headerWithHelp;

import dev.nsw.gui.Views;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Search panel: query box (Enter or Ctrl+Enter), BM25 and dense results side by side. Gold targets are
 * shaded and starred; "shift" shows where a hit sits in the other list (overlap and rank change).
 */
public final class SearchView {
    private final BorderPane root = new BorderPane();
    private final TextField query = new TextField();
    /**
     * Below this width the three result lists are stacked two over one instead of side by side: three lists in
     * less would leave each hit's text a few words (a 1600 px window stacks them, each list's text ~330 px wide).
     */
    private static final double THREE_LISTS_MIN_WIDTH = 1400;

    public SearchView(SearchViewModel vm) {
        root.setId("search-view");
        root.getStyleClass().add("panel");
        HBox bar = queryBar(vm);
        HBox modelBar = modelBar(vm);
        Label note = new Label();
        note.setId("search-note");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        SplitPane resultsAndDocument = results(vm);
        SplitPane browserAndResults = new SplitPane(queryBrowser(vm), resultsAndDocument);
        browserAndResults.setDividerPositions(0.24);
        SplitPane.setResizableWithParent(browserAndResults.getItems().getFirst(), false);
        root.setTop(new VBox(8, Views.title("Search"), bar, modelBar, note));
        root.setCenter(browserAndResults);
        BorderPane.setMargin(browserAndResults, new javafx.geometry.Insets(8, 0, 0, 0));
    }

    /** The query, top K, Search and "Annotate hits". */
    private HBox queryBar(SearchViewModel vm) {
        query.setId("search-query");
        query.setPromptText("Type a query, e.g. a question from the test set — Ctrl+Enter to search");
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setOnAction(e -> vm.search());
        HBox.setHgrow(query, Priority.ALWAYS);
        Spinner<Integer> k = new Spinner<>(1, 200, vm.kProperty().get());
        k.setPrefWidth(80);
        k.setEditable(true);
        k.valueProperty().addListener((o, a, b) -> vm.kProperty().set(b));
        Button search = new Button("Search");
        search.setId("search-button");
        search.setOnAction(e -> vm.search());
        Button annotate = new Button("Annotate hits");
        annotate.setOnAction(e -> vm.annotateHits());
        HBox bar = new HBox(8, query, new Label("top K"), k, search, annotate);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return bar;
    }

    /** The dense model to query and the hybrid fusion. */
    private static HBox modelBar(SearchViewModel vm) {
        javafx.scene.control.ComboBox<dev.nsw.gui.ModelChoice> denseModel =
                new javafx.scene.control.ComboBox<>(vm.models());
        denseModel.setId("search-dense-model");
        denseModel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the model's name whole
        denseModel.valueProperty().bindBidirectional(vm.denseChoiceProperty());
        Button useModel = new Button("Query this model");
        useModel.setId("search-use-model");
        useModel.setOnAction(e -> vm.useDenseModel());
        useModel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        useModel.setTooltip(
                new javafx.scene.control.Tooltip(
                        "Builds (or reuses) its index with the Index panel's settings; or pick “query this checkpoint now” in Train"));
        Label denseLabel = new Label("Dense model");
        denseLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label fusionLabel = new Label("Hybrid");
        fusionLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.control.CheckBox engine = new javafx.scene.control.CheckBox("Engine lists");
        engine.setId("search-use-engine");
        engine.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        engine.selectedProperty().bindBidirectional(vm.useEngineProperty());
        engine.setTooltip(new javafx.scene.control.Tooltip(
                "The workspace names an engine index (Index panel): on, the BM25 and dense lists are the engine's;"
                        + " off, the local indexes'. Switching searches again"));
        engine.visibleProperty().bind(vm.engineConnected());
        engine.managedProperty().bind(engine.visibleProperty());
        engine.selectedProperty().addListener((o, old, now) -> {
            if (!vm.queryProperty().get().isBlank()) {
                vm.search();
            }
        });
        Label engineProblem = new Label();
        engineProblem.setId("search-engine-problem");
        engineProblem.getStyleClass().add("warning");
        engineProblem.textProperty().bind(vm.engineProblemProperty());
        engineProblem.visibleProperty().bind(vm.engineProblemProperty().isNotEmpty());
        engineProblem.managedProperty().bind(engineProblem.visibleProperty());
        engineProblem.setWrapText(true);
        engineProblem.setMinWidth(0);
        HBox.setHgrow(engineProblem, Priority.ALWAYS);
        HBox modelBar = new HBox(
                8,
                denseLabel,
                denseModel,
                useModel,
                new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL),
                fusionLabel,
                fusionChoice(vm),
                engine,
                engineProblem);
        modelBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return modelBar;
    }

    /**
     * BM25's, the dense model's and the hybrid list over the document pane; a selected hit opens in the pane.
     */
    private static SplitPane results(SearchViewModel vm) {
        VBox bm25Side = side("bm25-hits", vm.bm25TitleProperty(), vm.bm25Hits(), SearchViewModel.NO_BM25, "BM25");
        VBox denseSide =
                side("dense-hits", vm.denseTitleProperty(), vm.denseHits(), SearchViewModel.NO_DENSE, "cosine");
        for (VBox sideBox : java.util.List.of(bm25Side, denseSide)) {
            @SuppressWarnings("unchecked")
            TableView<HitRow> t = (TableView<HitRow>) sideBox.getChildren().get(1);
            t.getSelectionModel().selectedItemProperty().addListener((o, old, hit) -> {
                if (hit != null) {
                    vm.showDocument(hit.docId(), "Selected hit");
                }
            });
        }
        VBox hybridSide = hybridSide(vm);
        SplitPane pair = new SplitPane(bm25Side, denseSide);
        // The hybrid list sits beside BM25 and dense where there is room for three readable lists, under them
        // where there is not (at 1024 px three lists side by side would show no text at all).
        SplitPane lists = new SplitPane(pair, hybridSide);
        lists.setId("search-lists");
        lists.setDividerPositions(0.66);
        SplitPane resultsAndDocument = new SplitPane(lists, documentPane(vm));
        resultsAndDocument.setOrientation(javafx.geometry.Orientation.VERTICAL);
        resultsAndDocument.setDividerPositions(0.55);
        lists.widthProperty().addListener((o, old, w) -> {
            javafx.geometry.Orientation want = w.doubleValue() < THREE_LISTS_MIN_WIDTH
                    ? javafx.geometry.Orientation.VERTICAL
                    : javafx.geometry.Orientation.HORIZONTAL;
            if (lists.getOrientation() != want) {
                lists.setOrientation(want);
                lists.setDividerPositions(want == javafx.geometry.Orientation.VERTICAL ? 0.5 : 0.66);
                resultsAndDocument.setDividerPositions(want == javafx.geometry.Orientation.VERTICAL ? 0.66 : 0.55);
            }
        });
        return resultsAndDocument;
    }

    /** One retriever's list; {@code scoreKind} heads the score column ("BM25", "cosine"). */
    private static VBox side(
            String id, ReadOnlyStringProperty title, ObservableList<HitRow> rows, String empty, String scoreKind) {
        Label heading = new Label();
        heading.textProperty().bind(title);
        heading.setStyle("-fx-font-weight: bold;");
        heading.setWrapText(true); // "BM25: no index — build one in the Index panel" wraps at 1024 px
        heading.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        TableView<HitRow> table = new TableView<>(rows);
        table.setId(id);
        Label placeholder = new Label();
        placeholder
                .textProperty()
                .bind(javafx.beans.binding.Bindings.when(title.isEqualTo(empty))
                        .then(empty)
                        .otherwise("No results yet"));
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<HitRow, String> rank = Views.column("#", 36, HitRow::rankText);
        TableColumn<HitRow, String> gold = Views.column("", 30, r -> r.gold() ? "★" : "");
        gold.setGraphic(headerWithHelp("★", "gold: a document judged relevant for this test query"));
        // the number alone: the column header (and the list's heading) say what it is
        TableColumn<HitRow, String> score = Views.column(scoreKind, 64, HitRow::scoreText);
        score.setMinWidth(60);
        score.setMaxWidth(90);
        TableColumn<HitRow, String> shift = Views.column("", 70, HitRow::shift);
        shift.setGraphic(headerWithHelp(
                "vs other",
                "Rank of this document in the other list: ▲n = n places higher there, "
                        + "▼n = n places lower, = the same rank, “only here” = not in the other list's top K"));
        shift.getStyleClass().add("shift");
        shift.setMinWidth(66);
        shift.setMaxWidth(90);
        TableColumn<HitRow, String> text = Views.column("text", 400, HitRow::text);
        rank.setMaxWidth(50);
        gold.setMaxWidth(50);
        rank.setMinWidth(30); // the rank and the star stay readable however narrow the window
        gold.setMinWidth(26);
        table.getColumns().setAll(java.util.List.of(rank, gold, score, shift, text));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(HitRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("gold", "overlap", "dropped");
                setTooltip(null);
                if (!empty && item != null && item.isDropped()) {
                    // a BEIR query's own document: shown where the retriever put it, greyed, never a hit
                    getStyleClass().add("dropped");
                    setTooltip(new javafx.scene.control.Tooltip(item.droppedNote()));
                } else if (!empty && item != null) {
                    if (item.gold()) {
                        getStyleClass().add("gold");
                    }
                    if (item.inOther()) {
                        getStyleClass().add("overlap");
                    }
                }
            }
        });
        VBox box = new VBox(6, heading, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /**
     * The hybrid list: BM25 and the dense model fused (RRF, or the weight Compare tuned on the dev split), each
     * document with its rank in both first stages — the ranking a hybrid run in Compare scores.
     */
    private static javafx.scene.control.ComboBox<String> fusionChoice(SearchViewModel vm) {
        javafx.scene.control.ComboBox<String> fusion = new javafx.scene.control.ComboBox<>(vm.fusions());
        fusion.setId("search-fusion");
        fusion.valueProperty().bindBidirectional(vm.fusionProperty());
        fusion.setTooltip(new javafx.scene.control.Tooltip(
                "How the two lists are fused; label-free uses the weight of Compare's label-free run once there is"
                        + " one, and a weight appears here once Compare has tuned one on the dev split (Run hybrid,"
                        + " weight tuned on dev); changing it searches again"));
        fusion.valueProperty().addListener((o, old, now) -> {
            if (old != null
                    && now != null
                    && !old.equals(now)
                    && !vm.hybridHits().isEmpty()) {
                vm.search();
            }
        });
        fusion.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return fusion;
    }

    private static VBox hybridSide(SearchViewModel vm) {
        Label heading = new Label();
        heading.setId("hybrid-title");
        heading.textProperty().bind(vm.hybridTitleProperty());
        heading.setStyle("-fx-font-weight: bold;");
        heading.setWrapText(true);
        heading.tooltipProperty()
                .bind(javafx.beans.binding.Bindings.createObjectBinding(
                        () -> vm.hybridWhyProperty().get().isEmpty()
                                ? null
                                : Views.wrapped(vm.hybridWhyProperty().get()),
                        vm.hybridWhyProperty()));
        TableView<FusedRow> table = new TableView<>(vm.hybridHits());
        table.setId("hybrid-hits");
        Label placeholder = new Label();
        placeholder
                .textProperty()
                .bind(javafx.beans.binding.Bindings.when(
                                vm.hybridTitleProperty().isEqualTo(SearchViewModel.NO_HYBRID))
                        .then(SearchViewModel.NO_HYBRID)
                        .otherwise("No results yet"));
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<FusedRow, String> rank = Views.column("#", 36, FusedRow::rankText);
        rank.setMinWidth(30);
        rank.setMaxWidth(50);
        TableColumn<FusedRow, String> gold = Views.column("", 30, r -> r.gold() ? "★" : "");
        gold.setGraphic(headerWithHelp("★", "gold: a document judged relevant for this test query"));
        gold.setMinWidth(26);
        gold.setMaxWidth(50);
        TableColumn<FusedRow, String> score = Views.column("fused", 64, FusedRow::scoreText);
        score.setMinWidth(60);
        score.setMaxWidth(90);
        TableColumn<FusedRow, String> bm25 = Views.column("", 52, FusedRow::bm25RankText);
        bm25.setGraphic(headerWithHelp(
                "BM25", "rank of this document in BM25's first stage (– = not in its top " + "100 or 2·K)"));
        bm25.setMinWidth(48);
        TableColumn<FusedRow, String> dense = Views.column("", 52, FusedRow::denseRankText);
        dense.setGraphic(headerWithHelp(
                "dense", "rank of this document in the dense model's first stage (– = not in its top 100 or 2·K)"));
        dense.setMinWidth(48);
        TableColumn<FusedRow, String> text = Views.column("text", 300, FusedRow::text);
        table.getColumns().setAll(java.util.List.of(rank, gold, score, bm25, dense, text));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(FusedRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("gold", "dropped");
                setTooltip(null);
                if (!empty && item != null && item.isDropped()) {
                    getStyleClass().add("dropped");
                    setTooltip(new javafx.scene.control.Tooltip(item.droppedNote()));
                } else if (!empty && item != null && item.gold()) {
                    getStyleClass().add("gold");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, old, hit) -> {
            if (hit != null) {
                vm.showDocument(hit.docId(), "Selected hybrid hit");
            }
        });
        heading.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(6, heading, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** The test queries, filterable, with the outcome of Compare's runs A and B; a click runs one here. */
    private static VBox queryBrowser(SearchViewModel vm) {
        TextField filter = new TextField();
        filter.setId("query-filter");
        filter.setPromptText("filter: text, id, “only A”, “neither”…");
        filter.textProperty().bindBidirectional(vm.queryFilterProperty());
        TableView<QueryRow> table = new TableView<>(vm.queries());
        table.setId("query-browser");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<QueryRow, String> outcome = Views.column("found by", 76, QueryRow::outcome);
        outcome.setMinWidth(76); // the flex policy would squeeze the header to "foun…"
        TableColumn<QueryRow, String> a = Views.column("", 30, QueryRow::rankAText);
        TableColumn<QueryRow, String> b = Views.column("", 30, QueryRow::rankBText);
        TableColumn<QueryRow, String> text = Views.column("test query", 160, QueryRow::text);
        text.setMinWidth(86); // the header whole; the query's text is on hover and in the query box
        text.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setText(empty ? null : Views.visible(item));
                setTooltip(empty || item == null ? null : Views.wrapped(item)); // the column is narrow
            }
        });
        a.setGraphic(headerWithHelp("A", "rank of the first gold text in Compare's run A (– = not in its top 50)"));
        b.setGraphic(headerWithHelp("B", "rank of the first gold text in Compare's run B (– = not in its top 50)"));
        table.getColumns().setAll(java.util.List.of(outcome, a, b, text));
        Label placeholder = new Label("No test queries: open a workspace with test.csv or a BEIR folder");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> vm.searchQuery(row));
        Label heading = new Label("Test queries");
        heading.setStyle("-fx-font-weight: bold;");
        heading.setTooltip(
                new javafx.scene.control.Tooltip(
                        "Pick a query to search it. “found by”: which of Compare's runs A and B has its gold text in the top K chosen there"));
        VBox box = new VBox(6, heading, filter, table);
        box.setMinWidth(230);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** Full text of a hit (or of the gold text both missed), both ranks and scores, and why: BM25 explain and the dense tokens. */
    private static Node documentPane(SearchViewModel vm) {
        Label heading = new Label("Select a hit to read it in full, with why each system ranked it where it did.");
        heading.setId("document-heading");
        heading.setWrapText(true);
        heading.setStyle("-fx-font-weight: bold;");
        javafx.scene.text.TextFlow text = new javafx.scene.text.TextFlow();
        text.setId("document-text");
        Label ranks = new Label();
        ranks.setId("document-ranks");
        ranks.setWrapText(true);
        javafx.scene.control.TextArea explain = new javafx.scene.control.TextArea();
        explain.setId("document-explain");
        explain.setEditable(false);
        explain.setWrapText(true);
        explain.setPrefRowCount(6);
        Label tokens = new Label();
        tokens.setId("document-tokens");
        tokens.setWrapText(true);
        vm.detailProperty().addListener((o, old, d) -> {
            text.getChildren().clear();
            if (d == null) {
                heading.setText("Select a hit to read it in full, with why each system ranked it where it did.");
                ranks.setText("");
                explain.setText("");
                tokens.setText("");
                return;
            }
            heading.setText(d.heading() + ": document " + d.docId() + (d.gold() ? "  ★ gold" : ""));
            int at = 0;
            for (int[] span : d.matchSpans()) {
                if (span[0] < at || span[1] > d.text().length()) {
                    continue;
                }
                text.getChildren().add(new javafx.scene.text.Text(d.text().substring(at, span[0])));
                javafx.scene.text.Text hit = new javafx.scene.text.Text(d.text().substring(span[0], span[1]));
                hit.getStyleClass().add("match");
                hit.setStyle("-fx-font-weight: bold; -fx-fill: #c0392b;");
                text.getChildren().add(hit);
                at = span[1];
            }
            text.getChildren().add(new javafx.scene.text.Text(d.text().substring(at)));
            // control characters (a stray U+0097) as a visible escape instead of a box
            text.getChildren().forEach(n -> {
                if (n instanceof javafx.scene.text.Text t) {
                    t.setText(Views.visible(t.getText()));
                }
            });
            text.getChildren().forEach(n -> n.getStyleClass().add("document-text"));
            ranks.setText(rankLine(
                            "BM25",
                            d.bm25Rank(),
                            Double.isNaN(d.bm25Score())
                                    ? ""
                                    : String.format(java.util.Locale.ROOT, "BM25 %.3f", d.bm25Score()))
                    + "   ·   "
                    + rankLine(
                            "dense",
                            d.denseRank(),
                            Double.isNaN(d.denseCosine())
                                    ? ""
                                    : String.format(java.util.Locale.ROOT, "cosine %.4f", d.denseCosine()))
                    + (d.matchedTerms().isEmpty()
                            ? ""
                            : "   ·   matching terms: " + String.join(" ", d.matchedTerms())));
            explain.setText(
                    d.bm25Explanation().isEmpty()
                            ? "(no BM25 index)"
                            : "BM25 (Lucene explain):\n" + d.bm25Explanation());
            tokens.setText(
                    d.denseTokens().isEmpty()
                            ? ""
                            : "What the dense model read (" + d.denseReading() + "): "
                                    + String.join(" ", d.denseTokens()));
        });
        ScrollPaneHolder scroll = new ScrollPaneHolder(new VBox(6, heading, ranks, text, tokens, explain));
        return scroll.pane;
    }

    private record ScrollPaneHolder(javafx.scene.control.ScrollPane pane) {
        ScrollPaneHolder(VBox content) {
            this(new javafx.scene.control.ScrollPane(content));
            pane.setFitToWidth(true);
            pane.setId("document-pane");
        }
    }

    private static String rankLine(String system, int rank, String score) {
        if (rank < 0) {
            return system + ": not available";
        }
        return system + ": " + (rank == 0 ? "not in its top K" : "rank " + rank)
                + (score.isEmpty() ? "" : " (" + score + ")");
    }

    /** Puts the caret in the query box. */
    public void focusQuery() {
        query.requestFocus();
    }

    public Node node() {
        return root;
    }
}
