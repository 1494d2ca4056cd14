package dev.nsw.gui.datasets;

import dev.nsw.gui.DialogService;
import dev.nsw.gui.Views;
import java.io.File;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToolBar;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** Datasets panel: file list, statistics, length histogram, preview and bad lines; accepts dropped files. */
public final class DatasetsView {
    private final BorderPane root = new BorderPane();

    public DatasetsView(DatasetsViewModel vm, DialogService dialogs) {
        root.setId("datasets-view");
        root.getStyleClass().add("panel");
        ToolBar bar = toolbar(vm, dialogs);
        ListView<DatasetEntry> list = fileList(vm);
        Label summary = new Label();
        summary.setId("dataset-summary");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.summaryProperty());
        BarChart<String, Number> histogram = histogram();
        BarChart<String, Number> tokens = tokenHistogram(vm);
        Label readingNote = new Label();
        readingNote.setId("dataset-reading-note");
        readingNote.setWrapText(true);
        readingNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        readingNote.textProperty().bind(vm.readingNoteProperty());
        readingNote.visibleProperty().bind(vm.readingNoteProperty().isNotEmpty());
        readingNote.managedProperty().bind(readingNote.visibleProperty());
        TableView<List<String>> preview = new TableView<>();
        preview.setId("dataset-preview");
        preview.setPlaceholder(new Label("No file selected"));
        preview.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        ListView<String> problems = new ListView<>(vm.problems());
        problems.setId("dataset-problems");
        problems.getStyleClass().add("problems");
        problems.setPlaceholder(new Label("No bad lines"));
        TitledPane problemsPane = new TitledPane("Validation (bad lines, with line numbers)", problems);
        problemsPane.setCollapsible(false);
        showSelected(vm, histogram, preview);
        // the characters' chart, and under it the tokens' when the evaluation corpus is selected
        VBox charts = new VBox(4, histogram, tokens);
        VBox.setVgrow(histogram, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(tokens, javafx.scene.layout.Priority.ALWAYS);
        // at 1024×700 the two share about 330 px: each keeps a readable height instead of one crushing the other
        histogram.setMinHeight(140);
        tokens.setMinHeight(140);
        SplitPane top = new SplitPane(charts, preview);
        top.setDividerPositions(0.38);
        SplitPane center = new SplitPane(top, problemsPane);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.72);
        VBox main = new VBox(8, summary, readingNote, center);
        VBox.setVgrow(center, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(list, main);
        split.setDividerPositions(0.2);
        root.setTop(new VBox(6, Views.title("Datasets"), bar));
        root.setCenter(split);
        acceptDrops(vm);
        vm.entries().addListener((ListChangeListener<DatasetEntry>) c -> {});
    }

    /** Open files or a folder; use the selected pair file as the test set, or annotate it. */
    private static ToolBar toolbar(DatasetsViewModel vm, DialogService dialogs) {
        Button openFiles = new Button("Open files…");
        openFiles.setOnAction(e -> vm.openAny(dialogs.chooseFiles("Open data files")));
        Button openFolder = new Button("Open folder…");
        openFolder.setOnAction(
                e -> dialogs.chooseFolder("Open a workspace or BEIR folder").ifPresent(vm::openFolder));
        Button useAsTest = new Button("Use as test set");
        useAsTest.disableProperty().bind(vm.canUseAsTestSet().not());
        useAsTest.setOnAction(e -> vm.useAsTestSet());
        Button annotate = new Button("Annotate this file");
        annotate.disableProperty().bind(vm.canAnnotate().not());
        annotate.setOnAction(e -> vm.annotateSelected());
        ToolBar bar = new ToolBar(openFiles, openFolder, useAsTest, annotate);
        return bar;
    }

    /** The files and folders opened, selection shared with the view model. */
    private static ListView<DatasetEntry> fileList(DatasetsViewModel vm) {
        ListView<DatasetEntry> list = new ListView<>(vm.entries());
        list.setId("dataset-list");
        list.setPlaceholder(new Label(
                "Drop recipe files (pairs, corpus, triples, labelled pairs)\nor a BEIR folder here, or use Open."));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> list.getSelectionModel().select(b));
        list.setPrefWidth(230);
        return list;
    }

    private static BarChart<String, Number> histogram() {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("length in characters");
        NumberAxis y = new NumberAxis();
        y.setLabel("records");
        BarChart<String, Number> histogram = new BarChart<>(x, y);
        histogram.setId("length-histogram");
        histogram.setLegendVisible(false);
        histogram.setAnimated(false);
        histogram.setCategoryGap(2);
        histogram.setBarGap(0);
        histogram.setPrefHeight(220);
        return histogram;
    }

    /**
     * The evaluation corpus's token lengths with the workspace model's tokenizer, binned at the max-length rule's
     * choices; hidden for other files.
     */
    private static BarChart<String, Number> tokenHistogram(DatasetsViewModel vm) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("length in tokens");
        NumberAxis y =
                new NumberAxis(); // no axis label: the title says what is counted, and 700 px leave little height
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("token-histogram");
        chart.setTitle("Length (model tokens)");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setCategoryGap(2);
        chart.setBarGap(0);
        chart.setPrefHeight(200);
        Runnable show = () -> {
            chart.getData().clear();
            Histogram h = vm.tokenHistogramProperty().get();
            chart.setVisible(h != null);
            chart.setManaged(h != null);
            if (h == null) {
                return;
            }
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            for (Histogram.Bin bin : h.bins()) {
                s.getData().add(new XYChart.Data<>(bin.label(), bin.count()));
            }
            chart.getData().add(s);
        };
        show.run();
        vm.tokenHistogramProperty().addListener(o -> show.run());
        return chart;
    }

    /** The selected file's length histogram and first rows. */
    private static void showSelected(
            DatasetsViewModel vm, BarChart<String, Number> histogram, TableView<List<String>> preview) {
        vm.selectedProperty().addListener((o, a, e) -> {
            histogram.getData().clear();
            preview.getColumns().clear();
            preview.getItems().clear();
            if (e == null) {
                return;
            }
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            for (Histogram.Bin bin : e.histogram().bins()) {
                s.getData().add(new XYChart.Data<>(bin.label(), bin.count()));
            }
            histogram.getData().add(s);
            histogram.setTitle("Length of " + e.histogram().column() + " (characters)");
            for (int i = 0; i < e.columns().size(); i++) {
                int col = i;
                TableColumn<List<String>, String> c =
                        Views.column(e.columns().get(i), i == 0 ? 60 : 300, row -> row.get(col));
                if (i == 0) {
                    c.setMaxWidth(90);
                }
                preview.getColumns().add(c);
            }
            preview.getItems().setAll(e.preview());
        });
    }

    /** Files and folders dropped on the panel are opened. */
    private void acceptDrops(DatasetsViewModel vm) {
        root.setOnDragOver(ev -> {
            if (ev.getDragboard().hasFiles()) {
                ev.acceptTransferModes(TransferMode.COPY);
            }
            ev.consume();
        });
        root.setOnDragDropped(ev -> {
            boolean ok = ev.getDragboard().hasFiles();
            if (ok) {
                vm.openAny(
                        ev.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            ev.setDropCompleted(ok);
            ev.consume();
        });
    }

    public Node node() {
        return root;
    }
}
