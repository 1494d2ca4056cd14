package dev.nsw.gui.search;

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

    public SearchView(SearchViewModel vm) {
        root.setId("search-view");
        root.getStyleClass().add("panel");

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

        javafx.scene.control.ComboBox<dev.nsw.gui.ModelChoice> denseModel = new javafx.scene.control.ComboBox<>(vm.models());
        denseModel.setId("search-dense-model");
        denseModel.valueProperty().bindBidirectional(vm.denseChoiceProperty());
        Button useModel = new Button("Query this model");
        useModel.setId("search-use-model");
        useModel.setOnAction(e -> vm.useDenseModel(() -> {}));
        useModel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        useModel.setTooltip(new javafx.scene.control.Tooltip(
                "Builds (or reuses) its index with the Index panel's settings; or pick “query this checkpoint now” in Train"));
        Label denseLabel = new Label("Dense model");
        denseLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox modelBar = new HBox(8, denseLabel, denseModel, useModel);
        modelBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Label note = new Label();
        note.setId("search-note");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());

        SplitPane lists = new SplitPane(side("bm25-hits", vm.bm25TitleProperty(), vm.bm25Hits(), SearchViewModel.NO_BM25),
                side("dense-hits", vm.denseTitleProperty(), vm.denseHits(), SearchViewModel.NO_DENSE));
        root.setTop(new VBox(8, Views.title("Search"), bar, modelBar, note));
        root.setCenter(lists);
        BorderPane.setMargin(lists, new javafx.geometry.Insets(8, 0, 0, 0));
    }

    private static VBox side(String id, ReadOnlyStringProperty title, ObservableList<HitRow> rows, String empty) {
        Label heading = new Label();
        heading.textProperty().bind(title);
        heading.setStyle("-fx-font-weight: bold;");
        TableView<HitRow> table = new TableView<>(rows);
        table.setId(id);
        Label placeholder = new Label();
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.when(title.isEqualTo(empty)).then(empty).otherwise("No results yet"));
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<HitRow, String> rank = Views.column("#", 40, r -> Integer.toString(r.rank()));
        TableColumn<HitRow, String> gold = Views.column("", 44, r -> r.gold() ? "★" : "");
        gold.setGraphic(headerWithHelp("★", "gold: a document judged relevant for this test query"));
        TableColumn<HitRow, String> score = Views.column("score", 132, HitRow::scoreLabel);
        score.setMinWidth(128);
        TableColumn<HitRow, String> shift = Views.column("", 76, HitRow::shift);
        shift.setGraphic(headerWithHelp("vs other", "Rank of this document in the other list: ▲n = n places higher there, "
                + "▼n = n places lower, = the same rank, “only here” = not in the other list's top K"));
        shift.getStyleClass().add("shift");
        shift.setMinWidth(82);
        TableColumn<HitRow, String> text = Views.column("text", 400, HitRow::text);
        rank.setMaxWidth(50);
        gold.setMaxWidth(50);
        table.getColumns().setAll(java.util.List.of(rank, gold, score, shift, text));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(HitRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("gold", "overlap");
                if (!empty && item != null) {
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

    /** Puts the caret in the query box. */
    public void focusQuery() {
        query.requestFocus();
    }

    public Node node() {
        return root;
    }

    /** A column header that explains itself on hover. */
    private static Label headerWithHelp(String text, String help) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setTooltip(new javafx.scene.control.Tooltip(help));
        return l;
    }
}
