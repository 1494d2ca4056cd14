package dev.nsw.gui.compare;

import dev.nsw.gui.DialogService;
import dev.nsw.gui.SnapshotExport;
import dev.nsw.gui.Views;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Compare panel: metrics table, Recall@K chart, and per-query wins/losses of two runs. */
public final class CompareView {
    /** The table's vertical scroll bar and borders, beside its columns. */
    private static final double SCROLL_BAR_ROOM = 20;

    private final BorderPane root = new BorderPane();

    private final CompareViewModel vm;
    /** The run-name column: Rename… edits its cell. */
    private TableColumn<RunResult, String> nameCol;

    public CompareView(CompareViewModel vm, DialogService dialogs) {
        this.vm = vm;
        root.setId("compare-view");
        root.getStyleClass().add("panel");
        VBox table = runTable();
        VBox chartBox = chart();
        javafx.scene.layout.FlowPane bar = actions(dialogs, chartBox);
        SplitPane upper = new SplitPane(table, chartBox);
        upper.setDividerPositions(0.68);
        // a window made narrow and wide again gets the table's share back (the split would keep the narrow one)
        upper.widthProperty().addListener((o, old, w) -> upper.setDividerPositions(0.68));
        SplitPane center = new SplitPane(upper, comparison());
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.5);
        root.setTop(new VBox(6, Views.title("Compare"), bar));
        root.setCenter(center);
    }

    /** The runs' metrics, with Rename, "hide unticked" and the run's settings under them, then the scoring note. */
    private VBox runTable() {
        // Unticked runs leave the chart; "hide unticked" also takes them out of the table (they stay saved).
        javafx.collections.transformation.FilteredList<RunResult> tableRuns =
                new javafx.collections.transformation.FilteredList<>(vm.runs());
        javafx.scene.control.CheckBox hideUnticked = new javafx.scene.control.CheckBox("Hide unticked runs");
        hideUnticked.setId("hide-unticked");
        hideUnticked.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Runnable filter = () -> tableRuns.setPredicate(
                r -> !hideUnticked.isSelected() || vm.shownProperty(r).get());
        hideUnticked.selectedProperty().addListener(o -> filter.run());
        // later, not inside the runs list's own change: the filtered list must see that change first
        vm.chartRuns().addListener((ListChangeListener<RunResult>) c -> {
            if (hideUnticked.isSelected()) {
                javafx.application.Platform.runLater(filter);
            }
        });
        TableView<RunResult> metrics = metricsTable(tableRuns);
        HBox runTools = runTools(metrics, hideUnticked);
        Label scoring = new Label();
        scoring.setId("scoring-note");
        scoring.setWrapText(true);
        scoring.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps, never cut to "…"
        scoring.textProperty().bind(vm.scoringNoteProperty());
        scoring.tooltipProperty()
                .bind(javafx.beans.binding.Bindings.createObjectBinding(
                        () -> scoring.getText().isEmpty() ? null : Views.wrapped(scoring.getText()),
                        scoring.textProperty()));
        VBox table = new VBox(4, metrics, runTools, runSettings(metrics), scoring);
        VBox.setVgrow(metrics, Priority.ALWAYS);
        return table;
    }

    /** One row per run: the chart tick, the editable name, Recall@K, MRR@10 and nDCG@10 with significance marks. */
    private TableView<RunResult> metricsTable(javafx.collections.transformation.FilteredList<RunResult> tableRuns) {
        TableView<RunResult> metrics = new TableView<>(tableRuns);
        metrics.setId("metrics-table");
        metrics.setEditable(true);
        metrics.setPlaceholder(
                new Label(
                        "No runs yet: build the BM25 index, then “Run BM25 on the test set”; “Run dense model” scores a pretrained or trained encoder."));
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RunResult, Boolean> inChart = new TableColumn<>();
        inChart.setId("run-shown");
        inChart.setGraphic(
                Views.headerWithHelp("chart", "Tick to draw the run in the chart (overlay); untick to hide it there"));
        inChart.setCellValueFactory(c -> vm.shownProperty(c.getValue()));
        // the tick box wears the run's colour in the chart: the table is a legend that never runs out of room
        inChart.setCellFactory(col -> new javafx.scene.control.cell.CheckBoxTableCell<>() {
            @Override
            public void updateItem(Boolean item, boolean empty) {
                super.updateItem(item, empty);
                RunResult r =
                        empty || getTableRow() == null ? null : getTableRow().getItem();
                if (r != null && getGraphic() instanceof javafx.scene.control.CheckBox box) {
                    setGraphic(new HBox(
                            4,
                            box,
                            new javafx.scene.shape.Rectangle(
                                    12,
                                    4,
                                    javafx.scene.paint.Color.web(
                                            RunColours.of(vm.runs().indexOf(r))))));
                    ((HBox) getGraphic()).setAlignment(javafx.geometry.Pos.CENTER);
                }
            }
        });
        inChart.setEditable(true);
        inChart.setPrefWidth(52);
        inChart.setMinWidth(48);
        inChart.setSortable(false);
        List<TableColumn<RunResult, String>> cols = new ArrayList<>();
        nameCol = Views.column("run", 200, RunResult::name);
        nameCol.setId("run-name");
        nameCol.setEditable(true);
        // editable in place; the whole name on hover (a trained run's best and final differ only at the end)
        nameCol.setCellFactory(col ->
                new javafx.scene.control.cell.TextFieldTableCell<>(new javafx.util.converter.DefaultStringConverter()) {
                    @Override
                    public void updateItem(String item, boolean empty) {
                        super.updateItem(item, empty);
                        setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item));
                    }
                });
        nameCol.setOnEditCommit(e -> {
            int row = e.getTablePosition().getRow();
            if (vm.rename(e.getRowValue(), e.getNewValue())) {
                metrics.getSelectionModel().clearAndSelect(row); // the renamed run stays selected, its settings shown
            } else {
                metrics.refresh(); // refused: show the old name again
            }
        });
        cols.add(nameCol);
        for (int cut : CompareViewModel.K_CHOICES) {
            cols.add(
                    cut == 10
                            ? Views.column("R@10", 78, r -> r.recallText(cut) + vm.recall10Mark(r))
                            : Views.column("R@" + cut, 66, r -> r.recallText(cut)));
        }
        cols.add(Views.column("MRR@10", 80, r -> r.mrrText() + vm.mrr10Mark(r)));
        cols.add(Views.column("nDCG@10", 80, r -> r.ndcgText() + vm.ndcg10Mark(r)));
        cols.add(Views.column("queries", 64, r -> Integer.toString(r.queries())));
        // the numbers keep their width; the run's name takes what is left (the flex policy passes over full columns)
        cols.stream().skip(1).forEach(c -> {
            c.setMinWidth(c.getPrefWidth());
            c.setMaxWidth(c.getPrefWidth() * 1.1);
        });
        nameCol.setMinWidth(150);
        metrics.getColumns().add(inChart);
        metrics.getColumns().addAll(cols);
        // narrower than its columns (a 1024 px window), the table scrolls sideways: the constrained policy shows no
        // scroll bar and would hide MRR@10, nDCG@10 and queries behind the chart. Wide enough, the name takes the rest
        metrics.widthProperty().addListener((o, old, width) -> {
            double columns = metrics.getColumns().stream()
                            .mapToDouble(TableColumn::getMinWidth)
                            .sum()
                    + SCROLL_BAR_ROOM;
            var policy = width.doubleValue() < columns
                    ? TableView.UNCONSTRAINED_RESIZE_POLICY
                    : TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN;
            if (metrics.getColumnResizePolicy() != policy) {
                metrics.setColumnResizePolicy(policy);
            }
        });
        return metrics;
    }

    /** Rename… and "hide unticked". */
    private HBox runTools(TableView<RunResult> metrics, javafx.scene.control.CheckBox hideUnticked) {
        vm.significanceProperty().addListener(o -> metrics.refresh());
        Button rename = new Button("Rename…");
        rename.setId("rename-run");
        rename.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        rename.disableProperty()
                .bind(metrics.getSelectionModel().selectedItemProperty().isNull());
        rename.setOnAction(e -> {
            int row = metrics.getSelectionModel().getSelectedIndex();
            if (row >= 0) {
                metrics.edit(row, nameCol);
            }
        });
        HBox runTools = new HBox(8, rename, hideUnticked);
        runTools.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return runTools;
    }

    /**
     * The selected run's settings across the table's width, in a box of about three lines that scrolls (a tuned
     * hybrid's weight curve is long): the table keeps its rows however long the settings are.
     */
    private javafx.scene.control.ScrollPane runSettings(TableView<RunResult> metrics) {
        String none = "Select a run to see the settings that made it; double-click its name to rename it.";
        Label runSettings = new Label(none);
        runSettings.setId("run-settings");
        runSettings.setWrapText(true);
        metrics.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (o, old, r) -> runSettings.setText(r == null ? none : r.name() + ": " + vm.settingsText(r)));
        return Views.scrollingText(runSettings, 3, "run-settings-box");
    }

    /** Recall@K of every ticked run, overlaid, with the panel's own legend (one colour per run). */
    private VBox chart() {
        NumberAxis x = new NumberAxis(0, 50, 5);
        x.setLabel("K");
        NumberAxis y = new NumberAxis(0, 100, 10);
        y.setLabel("Recall@K (%)");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("recall-chart");
        chart.setTitle("Recall@K per run");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        // Our own legend: JavaFX's has 8 colours (the 9th run repeats the 1st) and grows until the plot is squeezed
        // out.
        chart.setLegendVisible(false);
        VBox legend = new VBox(2); // one run per line: its height is known whatever the width
        legend.setId("recall-legend");
        javafx.scene.control.ScrollPane legendScroll = new javafx.scene.control.ScrollPane(legend);
        legendScroll.setFitToWidth(true);
        legendScroll.setMinHeight(28);
        // as tall as its entries, up to about a third of the chart's box; then it scrolls
        legendScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        Runnable redraw = () -> {
            chart.getData().clear();
            legend.getChildren().clear();
            for (RunResult r : vm.chartRuns()) {
                String colour = RunColours.of(vm.runs().indexOf(r));
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(r.name());
                for (double[] p : vm.recallCurve(r)) {
                    s.getData().add(new XYChart.Data<>(p[0], p[1]));
                }
                chart.getData().add(s);
                s.getNode().setStyle("-fx-stroke: " + colour + ";");
                s.getData().forEach(d -> d.getNode().setStyle("-fx-background-color: " + colour + ", white;"));
                javafx.scene.shape.Rectangle swatch =
                        new javafx.scene.shape.Rectangle(14, 4, javafx.scene.paint.Color.web(colour));
                Label entry = new Label(r.name(), swatch);
                entry.getStyleClass().add("legend-entry");
                entry.setWrapText(true); // a long hybrid name wraps, never "…"
                entry.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                legend.getChildren().add(entry);
            }
        };
        // as tall as its entries (every run listed), up to a share of the chart's box; then it scrolls
        legendScroll.prefViewportHeightProperty().bind(legend.heightProperty());
        vm.chartRuns().addListener((ListChangeListener<RunResult>) c -> redraw.run());
        VBox chartBox = new VBox(2, chart, legendScroll);
        legendScroll.maxHeightProperty().bind(chartBox.heightProperty().multiply(0.4));
        VBox.setVgrow(chart, Priority.ALWAYS);
        return chartBox;
    }

    /** The run buttons (BM25, dense, all, hybrid) and the exports, in a row that wraps. */
    private javafx.scene.layout.FlowPane actions(DialogService dialogs, VBox chartBox) {
        Button run = new Button("Run BM25 on the test set");
        run.setId("run-bm25");
        run.disableProperty().bind(vm.canRunBm25().not());
        run.setOnAction(e -> vm.runBm25());
        Button csv = new Button("Export table (CSV)…");
        csv.setOnAction(e ->
                dialogs.chooseSaveFile("Export metrics", "metrics.csv", "csv").ifPresent(vm::exportCsv));
        Button png = new Button("Export chart (PNG)…");
        png.setOnAction(e -> dialogs.chooseSaveFile("Export chart", "recall-at-k.png", "png")
                .ifPresent(p -> SnapshotExport.writePng(chartBox, p, SnapshotExport.MIN_EXPORT_WIDTH)));
        Button perQuery = new Button("Export per-query (CSV)…");
        perQuery.setId("export-per-query");
        perQuery.setOnAction(e -> dialogs.chooseSaveFile("Export per-query results", "per-query.csv", "csv")
                .ifPresent(vm::exportPerQueryCsv));
        ComboBox<dev.nsw.gui.ModelChoice> denseModel = new ComboBox<>(vm.models());
        denseModel.setId("compare-dense-model");
        denseModel.valueProperty().bindBidirectional(vm.denseChoiceProperty());
        Label lengthLabel = new Label("max length");
        lengthLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ComboBox<Integer> maxLength = Views.maxSeqLengthChoice(vm.reading(), "compare-max-length");
        HBox length = new HBox(
                6,
                lengthLabel,
                maxLength,
                Views.precisionChoice(vm.precision(), "compare-precision"),
                Views.passagesChoice(vm.passages(), "compare-maxp"));
        length.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Button runDense = new Button("Run dense model");
        runDense.setId("run-dense");
        runDense.disableProperty().bind(vm.canRunDense().not());
        runDense.setOnAction(e -> vm.runDense(denseModel.getValue()));
        Button runAll = new Button("Run BM25 + pretrained + trained");
        runAll.setId("run-all-models");
        runAll.disableProperty().bind(vm.canRunDense().not());
        runAll.setOnAction(e -> vm.runPretrainedAndTrained());
        ComboBox<CompareViewModel.HybridKind> hybridKind = new ComboBox<>();
        hybridKind.setId("compare-hybrid-kind");
        hybridKind.getItems().setAll(CompareViewModel.HybridKind.values());
        // the workspace's default: tuned on its dev split when it has one, else the label-free weight
        hybridKind.setValue(vm.defaultHybridKindProperty().get());
        vm.defaultHybridKindProperty().addListener((o, old, kind) -> hybridKind.setValue(kind));
        hybridKind.setTooltip(Views.wrapped(
                "Label-free: w·z(dense) + (1−w)·z(BM25), each list standardised over its top 100, w chosen from how"
                        + " decisively each retriever's top hit stands out over the test queries themselves (no labels;"
                        + " nsw recall --mode hybrid's default). RRF: Σ 1/(60 + rank). Tuned: w·dense + (1−w)·BM25 on"
                        + " min-max normalised scores, w chosen for nDCG@10 on the workspace's dev split (never the"
                        + " test set). Every hybrid run's settings say the fusion, the weight and why."));
        Button runHybrid = new Button("Run hybrid");
        runHybrid.setId("run-hybrid");
        // without a dev split the tuned kind cannot run: disabled, and the reason beside it (as Train says why)
        javafx.beans.binding.BooleanBinding noDevSplit = hybridKind
                .valueProperty()
                .isEqualTo(CompareViewModel.HybridKind.CONVEX_TUNED)
                .and(vm.tuningRefusalProperty().isNotEmpty());
        runHybrid.disableProperty().bind(vm.canRunHybrid().not().or(noDevSplit));
        runHybrid.setOnAction(e -> vm.runHybrid(denseModel.getValue(), hybridKind.getValue()));
        Label refusal = Views.hint("");
        refusal.setId("hybrid-refusal");
        refusal.textProperty().bind(vm.tuningRefusalProperty());
        refusal.visibleProperty().bind(noDevSplit);
        refusal.managedProperty().bind(noDevSplit);
        refusal.setMaxWidth(420);
        Button engineBm25 = new Button("Run engine BM25");
        engineBm25.setId("run-engine-bm25");
        engineBm25.disableProperty().bind(vm.canRunEngineBm25().not());
        engineBm25.setOnAction(e -> vm.runEngineBm25());
        Button engineDense = new Button("Run engine dense");
        engineDense.setId("run-engine-dense");
        engineDense.disableProperty().bind(vm.canRunEngineDense().not());
        engineDense.setOnAction(e -> vm.runEngineDense(denseModel.getValue()));
        javafx.scene.control.Separator engineSeparator = new javafx.scene.control.Separator(Orientation.VERTICAL);
        for (javafx.scene.Node n : java.util.List.of(engineBm25, engineDense, engineSeparator)) {
            // only for a workspace that names an engine (Index panel)
            n.visibleProperty().bind(vm.engineNamed());
            n.managedProperty().bind(n.visibleProperty());
        }
        // a wrapping row, not a ToolBar: a narrow window must not hide Export behind an overflow menu
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(
                8,
                6,
                run,
                new javafx.scene.control.Separator(Orientation.VERTICAL),
                denseModel,
                length,
                runDense,
                runAll,
                new javafx.scene.control.Separator(Orientation.VERTICAL),
                hybridKind,
                runHybrid,
                refusal,
                engineSeparator,
                engineBm25,
                engineDense,
                new javafx.scene.control.Separator(Orientation.VERTICAL),
                csv,
                perQuery,
                png);
        bar.setId("compare-actions");
        return bar;
    }

    /** Runs A and B at K, what each finds that the other misses, the significance, and the queries they disagree on. */
    private VBox comparison() {
        ComboBox<RunResult> a = new ComboBox<>(vm.runs());
        a.valueProperty().bindBidirectional(vm.runAProperty());
        ComboBox<RunResult> b = new ComboBox<>(vm.runs());
        b.valueProperty().bindBidirectional(vm.runBProperty());
        ComboBox<Integer> k = new ComboBox<>();
        for (int cut : CompareViewModel.K_CHOICES) {
            k.getItems().add(cut);
        }
        k.setValue(vm.kProperty().get());
        k.valueProperty().addListener((o, old, v) -> vm.kProperty().set(v));
        vm.kProperty().addListener((o, old, v) -> k.setValue(v.intValue()));
        // A and B one under the other, as wide as the panel: a hybrid run's whole name fits (never "…"). Not at least
        // as wide as their longest run's name, though: that made the panel wider than a 1024 px window, its right
        // part cut off
        for (ComboBox<RunResult> box : List.of(a, b)) {
            box.setMaxWidth(Double.MAX_VALUE);
            box.setMinWidth(200);
        }
        a.setId("compare-run-a");
        b.setId("compare-run-b");
        Label labelA = new Label("Run A");
        Label labelB = new Label("vs run B");
        Label labelK = new Label("at K =");
        for (Label l : List.of(labelA, labelB, labelK)) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.GridPane pick = new javafx.scene.layout.GridPane();
        pick.setHgap(8);
        pick.setVgap(4);
        pick.addRow(0, labelA, a, labelK, k);
        pick.addRow(1, labelB, b);
        javafx.scene.layout.GridPane.setHgrow(a, Priority.ALWAYS);
        javafx.scene.layout.GridPane.setHgrow(b, Priority.ALWAYS);
        Label summary = new Label();
        summary.setWrapText(true);
        summary.textProperty().bind(vm.comparisonSummaryProperty());
        Label significance = new Label();
        significance.setId("significance-summary");
        significance.setWrapText(true);
        significance.textProperty().bind(vm.significanceSummaryProperty());
        // the two explanations in a box of a few lines that scrolls: the table of disagreements keeps its rows
        javafx.scene.control.ScrollPane texts =
                Views.scrollingText(new VBox(4, summary, significance), 4, "comparison-texts");
        TableView<WinLossRow> winLoss = winLossTable();
        VBox lower = new VBox(6, pick, texts, winLoss);
        VBox.setVgrow(winLoss, Priority.ALWAYS);
        return lower;
    }

    /** The queries one run finds and the other misses; double-click opens one in Search. */
    private TableView<WinLossRow> winLossTable() {
        TableView<WinLossRow> winLoss = new TableView<>(vm.winLoss());
        winLoss.setId("win-loss");
        winLoss.setPlaceholder(new Label("No disagreements to show"));
        winLoss.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        winLoss.getColumns()
                .setAll(List.of(
                        Views.column("found only by", 170, WinLossRow::winner),
                        Views.column("rank in A", 80, r -> r.rankText(r.rankA())),
                        Views.column("rank in B", 80, r -> r.rankText(r.rankB())),
                        Views.column("query", 400, WinLossRow::query)));
        winLoss.setRowFactory(t -> {
            TableRow<WinLossRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.openInSearch(row.getItem());
                }
            });
            return row;
        });
        return winLoss;
    }

    public Node node() {
        return root;
    }
}
