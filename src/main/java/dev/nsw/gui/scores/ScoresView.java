package dev.nsw.gui.scores;

import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.Views;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Scores panel: histograms of positive-pair and in-batch-negative cosines for one model, the margin
 * between their means drawn as two vertical lines, and the highest-scoring negatives (likely false
 * negatives).
 */
public final class ScoresView {
    private final BorderPane root = new BorderPane();

    public ScoresView(ScoresViewModel vm) {
        root.setId("scores-view");
        root.getStyleClass().add("panel");

        ComboBox<ModelChoice> model = new ComboBox<>(vm.models());
        model.setId("scores-model");
        model.valueProperty().bindBidirectional(vm.modelChoiceProperty());
        Button compute = new Button("Compute");
        compute.setId("scores-compute");
        compute.disableProperty().bind(vm.canCompute().not());
        compute.setOnAction(e -> vm.compute());
        HBox bar = new HBox(8, new Label("Model"), model, compute);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.setId("scores-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());

        NumberAxis x = new NumberAxis();
        x.setLabel("cosine similarity");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("% of pairs");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("scores-chart");
        chart.setTitle(NO_TITLE);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        vm.resultProperty().addListener((o, old, r) -> {
            chart.getData().clear();
            if (r == null) {
                chart.setTitle(NO_TITLE); // no other model's or workspace's title stays
                return;
            }
            XYChart.Series<Number, Number> pos = new XYChart.Series<>();
            pos.setName("positive pairs (" + r.pairs() + ")");
            XYChart.Series<Number, Number> neg = new XYChart.Series<>();
            neg.setName("in-batch negatives");
            double top = 0;
            for (ScoresViewModel.Bin b : r.bins()) {
                step(pos, b.from(), b.to(), b.positivePercent());
                step(neg, b.from(), b.to(), b.negativePercent());
                top = Math.max(top, Math.max(b.positivePercent(), b.negativePercent()));
            }
            chart.getData()
                    .addAll(List.of(
                            neg,
                            pos,
                            vertical("mean negative " + fmt(r.meanNegative()), r.meanNegative(), top),
                            vertical("mean positive " + fmt(r.meanPositive()), r.meanPositive(), top)));
            chart.setTitle(String.format(
                    Locale.ROOT, "%s: margin (mean positive − mean negative) = %.3f", r.model(), r.margin()));
        });

        TableView<ScoresViewModel.NegativeRow> table = new TableView<>(vm.hardest());
        table.setId("scores-hardest");
        table.setPlaceholder(new Label("The highest-scoring negatives appear here: likely false negatives."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(List.of(
                        Views.column("#", 36, r -> Integer.toString(r.rank())),
                        Views.column("negative score", 120, ScoresViewModel.NegativeRow::scoreText),
                        Views.column("own positive", 120, ScoresViewModel.NegativeRow::positiveScoreText),
                        Views.column("query", 220, ScoresViewModel.NegativeRow::query),
                        Views.column("other pair's target (negative)", 260, ScoresViewModel.NegativeRow::negative),
                        Views.column("its own target", 260, ScoresViewModel.NegativeRow::positive)));
        VBox lower = new VBox(
                6,
                Views.hint(
                        "Highest-scoring in-batch negatives — likely false negatives (paraphrases the data does not label), which an in-batch loss pushes apart."),
                table);
        javafx.scene.layout.VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.StackPane chartPane = Views.chartWithPlaceholder(
                chart,
                chart.getData(),
                "scores-chart-empty",
                "The cosines of the positive pairs and of the in-batch negatives appear here after Compute.");
        SplitPane center = new SplitPane(chartPane, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.55);
        root.setTop(new VBox(8, Views.title("Score distributions"), bar, summary));
        root.setCenter(center);
        BorderPane.setMargin(center, new javafx.geometry.Insets(8, 0, 0, 0));
    }

    private static final String NO_TITLE = "Positive pairs vs in-batch negatives";

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A histogram bar drawn as a step: up at {@code from}, across, down at {@code to}. */
    private static void step(XYChart.Series<Number, Number> s, double from, double to, double value) {
        s.getData().add(new XYChart.Data<>(from, value));
        s.getData().add(new XYChart.Data<>(to, value));
    }

    private static XYChart.Series<Number, Number> vertical(String name, double x, double top) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(x, 0));
        s.getData().add(new XYChart.Data<>(x, top * 1.05));
        return s;
    }

    public Node node() {
        return root;
    }
}
