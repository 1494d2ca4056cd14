package dev.nsw.gui.annotate;

import dev.nsw.gui.DialogService;
import dev.nsw.gui.Views;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Annotate panel: one pair at a time on a card; keys 1 / 0 label, J / K move, Ctrl+Z undoes. */
public final class AnnotateView {
    private final BorderPane root = new BorderPane();
    private final VBox card = new VBox();

    public AnnotateView(AnnotateViewModel vm, DialogService dialogs) {
        root.setId("annotate-view");
        root.getStyleClass().add("panel");
        ToolBar bar = toolbar(vm, dialogs);
        Label source = Views.hint("");
        source.textProperty().bind(vm.sourceProperty());
        buildCard(vm);
        Label counts = new Label();
        counts.setId("annotate-counts");
        counts.textProperty().bind(vm.countsProperty());
        TableView<LabelRow> table = table(vm);
        bindKeys(vm);
        VBox center = new VBox(10, card, counts, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.setTop(new VBox(6, Views.title("Annotate"), bar, source));
        root.setCenter(center);
        BorderPane.setMargin(center, new javafx.geometry.Insets(8, 0, 0, 0));
    }

    /** Open a labelled-pair file; export the labels as TSV or qrels. */
    private static ToolBar toolbar(AnnotateViewModel vm, DialogService dialogs) {
        Button open = new Button("Open labelled pairs…");
        open.setOnAction(e -> dialogs.chooseFiles("Open a labelled-pair file (query \\t title \\t 0/1)").stream()
                .findFirst()
                .ifPresent(vm::loadLabeledFile));
        Button tsv = new Button("Export labels (TSV)…");
        tsv.setOnAction(e ->
                dialogs.chooseSaveFile("Export labels", "labels.tsv", "tsv").ifPresent(vm::exportTsv));
        Button qrels = new Button("Export qrels…");
        qrels.setOnAction(
                e -> dialogs.chooseSaveFile("Export qrels", "qrels.tsv", "tsv").ifPresent(vm::exportQrels));
        ToolBar bar = new ToolBar(open, tsv, qrels);
        return bar;
    }

    /** The pair being judged, its label, and the buttons that label it and move. */
    private void buildCard(AnnotateViewModel vm) {
        Label position = new Label();
        position.setId("annotate-position");
        Label badge = new Label();
        badge.setId("annotate-label");
        Label query = new Label();
        query.getStyleClass().add("query");
        query.setWrapText(true);
        Label doc = new Label();
        doc.getStyleClass().add("doc");
        doc.setWrapText(true);
        vm.current().addListener((o, a, j) -> show(vm, j, position, badge, query, doc));
        vm.indexProperty().addListener((o, a, b) -> show(vm, vm.current().get(), position, badge, query, doc));

        Button yes = new Button("Relevant (1)");
        yes.setOnAction(e -> vm.label(1));
        Button no = new Button("Not relevant (0)");
        no.setOnAction(e -> vm.label(0));
        Button prev = new Button("Previous (K)");
        prev.setOnAction(e -> vm.previous());
        Button next = new Button("Next (J)");
        next.setOnAction(e -> vm.next());
        Button undo = new Button("Undo (Ctrl+Z)");
        undo.setOnAction(e -> vm.undo());
        for (Button b : List.of(yes, no, prev, next, undo)) {
            b.setFocusTraversable(false);
        }
        HBox buttons = new HBox(8, yes, no, prev, next, undo);
        HBox head = new HBox(10, position, badge);
        card.setId("annotate-card");
        card.getStyleClass().add("card");
        card.setFocusTraversable(true);
        card.getChildren().addAll(head, new Label("Query"), query, new Label("Candidate text"), doc, buttons);
        card.setOnMouseClicked(e -> card.requestFocus());
        show(vm, vm.current().get(), position, badge, query, doc);
    }

    /** Every pair with its label (and the file's), following the card. */
    private static TableView<LabelRow> table(AnnotateViewModel vm) {
        TableView<LabelRow> table = new TableView<>(vm.items());
        table.setId("annotate-table");
        Label nothing = new Label(AnnotateViewModel.NOTHING_LOADED);
        nothing.setWrapText(true);
        table.setPlaceholder(nothing);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(List.of(
                        Views.column("label", 60, j -> j.label() < 0 ? "·" : Integer.toString(j.label())),
                        Views.column("file", 50, j -> j.fileLabel() < 0 ? "" : Integer.toString(j.fileLabel())),
                        Views.column("query", 260, LabelRow::query),
                        Views.column("text", 420, LabelRow::text)));
        vm.indexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) {
                table.getSelectionModel().clearAndSelect(b.intValue());
                table.scrollTo(Math.max(0, b.intValue() - 3));
            }
        });
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0 && b.intValue() != vm.indexProperty().get()) {
                vm.indexProperty().set(b.intValue());
            }
        });
        table.setFocusTraversable(false);
        table.getColumns().get(0).setMaxWidth(70);
        table.getColumns().get(1).setMaxWidth(60);
        return table;
    }

    /** 1/0 label, J/K (or the arrows) move, Ctrl+Z undoes — except while typing in a text field. */
    private void bindKeys(AnnotateViewModel vm) {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof TextInputControl) {
                return;
            }
            if (e.isShortcutDown() && e.getCode() == KeyCode.Z) {
                vm.undo();
                e.consume();
                return;
            }
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            switch (e.getCode()) {
                case DIGIT1, NUMPAD1 -> vm.label(1);
                case DIGIT0, NUMPAD0 -> vm.label(0);
                case J, DOWN -> vm.next();
                case K, UP -> vm.previous();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    private static void show(AnnotateViewModel vm, LabelRow j, Label position, Label badge, Label query, Label doc) {
        badge.getStyleClass().setAll("label", "label-badge");
        if (j == null) {
            position.setText("—");
            badge.setText("");
            query.setText("");
            doc.setText("");
            return;
        }
        position.setText((vm.indexProperty().get() + 1) + " / " + vm.items().size());
        badge.setText(j.label() == 1 ? "relevant (1)" : j.label() == 0 ? "not relevant (0)" : "unlabelled");
        badge.getStyleClass().add(j.label() == 1 ? "relevant" : j.label() == 0 ? "not-relevant" : "open");
        query.setText(Views.visible(j.query()));
        doc.setText(Views.visible(j.text()));
    }

    /** Gives the card the keyboard so 1/0/J/K work at once. */
    public void focusCard() {
        card.requestFocus();
    }

    public Node node() {
        return root;
    }
}
