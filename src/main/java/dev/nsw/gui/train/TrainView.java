package dev.nsw.gui.train;

import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.Views;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Train panel: the recipe's hyper-parameters, Start / Cancel / Resume, and live charts of loss and
 * learning rate per step and dev Recall@K per epoch.
 */
public final class TrainView {
    private final VBox root = new VBox(8);

    private final TrainViewModel vm;

    public TrainView(TrainViewModel vm) {
        this.vm = vm;
        root.setId("train-view");
        root.getStyleClass().add("panel");
        ScrollPane settingsScroll = settings();
        VBox charts = charts();
        HBox.setHgrow(charts, Priority.ALWAYS);
        HBox body = new HBox(12, settingsScroll, charts);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(Views.title("Train"), body);
    }

    /** The strategy, the model to start from and the recipe's hyper-parameters, with Start, Cancel and Resume. */
    private ScrollPane settings() {
        TrainFormViewModel f = vm.form();
        ComboBox<TrainFormViewModel.Strategy> strategy = new ComboBox<>();
        strategy.setId("train-strategy");
        strategy.getItems().setAll(TrainFormViewModel.Strategy.values());
        strategy.valueProperty().bindBidirectional(f.strategyProperty());
        ComboBox<ModelChoice> base = new ComboBox<>(f.models());
        base.setId("train-base-model");
        base.valueProperty().bindBidirectional(f.baseModelProperty());
        GridPane form = form(f, strategy, base);
        VBox buttons = buttons();
        VBox formBox = new VBox(
                10,
                form,
                buttons,
                Views.hint(
                        "In-batch trains on train.csv, SimCSE and MLM on train_unsupervise.csv; dev.csv against corpus.csv is scored before training and after each epoch. Output: runs/<strategy>-<time>/ (checkpoint/, best/, final/, run.json)."));
        TitledPane settings = new TitledPane("Hyper-parameters (recipe defaults)", formBox);
        settings.setCollapsible(false);
        ScrollPane settingsScroll = new ScrollPane(settings);
        settingsScroll.setFitToWidth(true);
        settingsScroll.setMinWidth(420);
        settingsScroll.setPrefWidth(420);
        strategy.setMaxWidth(Double.MAX_VALUE);
        base.setMaxWidth(Double.MAX_VALUE);
        return settingsScroll;
    }

    private static GridPane form(
            TrainFormViewModel f, ComboBox<TrainFormViewModel.Strategy> strategy, ComboBox<ModelChoice> base) {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(5);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        form.getColumnConstraints().add(labels);
        int r = 0;
        form.addRow(r++, new Label("Strategy"), strategy);
        form.addRow(r++, new Label("Start from"), base);
        form.addRow(r++, new Label("epochs"), intSpinner(f.epochsProperty(), 1, 100, 1));
        form.addRow(r++, new Label("batch_size"), intSpinner(f.batchSizeProperty(), 2, 1024, 8));
        form.addRow(r++, new Label("max_seq_length"), intSpinner(f.maxSeqLengthProperty(), 8, 512, 8));
        form.addRow(r++, new Label("output_emb_size"), intSpinner(f.outputEmbSizeProperty(), 0, 1024, 32));
        form.addRow(r++, new Label("learning_rate"), doubleSpinner(f.learningRateProperty(), 1e-7, 1e-2, 1e-5));
        form.addRow(r++, new Label("warmup_proportion"), doubleSpinner(f.warmupProportionProperty(), 0, 1, 0.05));
        form.addRow(r++, new Label("weight_decay"), doubleSpinner(f.weightDecayProperty(), 0, 1, 0.01));
        form.addRow(r++, new Label("margin"), doubleSpinner(f.marginProperty(), 0, 2, 0.05));
        form.addRow(r++, new Label("scale"), doubleSpinner(f.scaleProperty(), 1, 100, 1));
        form.addRow(r++, new Label("max steps (0: all)"), intSpinner(f.maxStepsProperty(), 0, 1_000_000, 1));
        Label chunk = new Label("grad_cache_chunk");
        chunk.setTooltip(Views.wrapped("Texts embedded at a time in a training step (GradCache): the same gradients as"
                + " the whole batch, in bounded memory; 0 = the whole batch at once, as nsw train without the flag"));
        form.addRow(r++, chunk, intSpinner(f.gradientCacheChunkProperty(), 0, 1024, 8));
        form.addRow(r++, new Label("train limit (0: all)"), intSpinner(f.trainLimitProperty(), 0, 10_000_000, 100));
        return form;
    }

    /** Start, Cancel, Resume and "Query this checkpoint now". */
    private VBox buttons() {
        Button start = new Button("Start training");
        start.setId("train-start");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.canStart().not());
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel");
        cancel.setId("train-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button resume = new Button("Resume");
        resume.setId("train-resume");
        resume.disableProperty().bind(vm.canResumeProperty().not());
        resume.setOnAction(e -> vm.resume());
        Button query = new Button("Query this checkpoint now");
        query.setId("train-query-now");
        query.disableProperty().bind(vm.runDirProperty().isNull());
        query.setOnAction(e -> vm.queryLatestModel());
        VBox buttons = new VBox(6, new HBox(8, start, cancel, resume), query);
        return buttons;
    }

    /** Loss and learning rate per step, dev Recall@K per epoch, the run's status and its progress. */
    private VBox charts() {
        LineChart<Number, Number> loss = chart("train-loss-chart", "Loss", "step", "loss", vm);
        LineChart<Number, Number> lr = chart("train-lr-chart", "Learning rate", "step", "lr", vm);
        LineChart<Number, Number> recall = recallChart();
        XYChart.Series<Number, Number> lossSeries = new XYChart.Series<>();
        XYChart.Series<Number, Number> lrSeries = new XYChart.Series<>();
        loss.getData().add(lossSeries);
        lr.getData().add(lrSeries);
        XYChart.Series<Number, Number> r1 = named("R@1");
        XYChart.Series<Number, Number> r5 = named("R@5");
        XYChart.Series<Number, Number> r10 = named("R@10");
        recall.getData().addAll(java.util.List.of(r1, r5, r10));
        followSteps(lossSeries, lrSeries);
        followEvaluations(r1, r5, r10);
        // A failed run keeps its curves; a red line marks the step it stopped at and the titles say so.
        XYChart.Series<Number, Number> lossStop = new XYChart.Series<>();
        XYChart.Series<Number, Number> lrStop = new XYChart.Series<>();
        vm.failedAtStepProperty().addListener((o, old, step) -> {
            markStop(loss, lossSeries, lossStop, step.longValue(), "Loss");
            markStop(lr, lrSeries, lrStop, step.longValue(), null); // a narrow chart: the loss chart's title says it
        });
        Label status = new Label();
        status.setId("train-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.runStatusProperty());
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.StackPane lossPane = dev.nsw.gui.Views.chartWithPlaceholder(
                loss,
                lossSeries.getData(),
                "train-loss-empty",
                "The loss appears here step by step once a run starts.");
        javafx.scene.layout.StackPane lrPane =
                dev.nsw.gui.Views.chartWithPlaceholder(lr, lrSeries.getData(), "train-lr-empty", "No run yet");
        javafx.scene.layout.StackPane recallPane =
                dev.nsw.gui.Views.chartWithPlaceholder(recall, r10.getData(), "train-recall-empty", "");
        // the dev curve's note follows the workspace: the curve to come, or why there is none (no dev.csv)
        ((Label) recallPane.lookup("#train-recall-empty")).textProperty().bind(vm.devChartNoteProperty());
        // a chart asks for 200 px of plot at least: two of them beside the 420 px form made the panel 10 px wider
        // than a 1024 px window; at 175 each the axes, titles and the three-entry legend still show whole
        for (javafx.scene.layout.Region small : java.util.List.of(lr, recall, lrPane, recallPane)) {
            small.setMinWidth(175);
        }
        HBox lower = new HBox(8, lrPane, recallPane);
        HBox.setHgrow(lrPane, Priority.ALWAYS);
        HBox.setHgrow(recallPane, Priority.ALWAYS);
        VBox.setVgrow(lossPane, Priority.ALWAYS);
        VBox.setVgrow(lower, Priority.ALWAYS);
        VBox charts = new VBox(6, Views.jobProgress(vm.jobProperty(), "train-job-cancel"), status, lossPane, lower);
        return charts;
    }

    /** Dev Recall@K per epoch, on 0–100, with whole epochs on its axis. */
    private LineChart<Number, Number> recallChart() {
        LineChart<Number, Number> recall = chart("train-recall-chart", "Dev Recall@K", "epoch", "Recall@K (%)", vm);
        recall.setCreateSymbols(true);
        // a recall is a percentage: 0–100, never an auto-ranged 0–125
        NumberAxis recallAxis = (NumberAxis) recall.getYAxis();
        recallAxis.setAutoRanging(false);
        recallAxis.setLowerBound(0);
        recallAxis.setUpperBound(100);
        recallAxis.setTickUnit(20);
        ((NumberAxis) recall.getXAxis()).setMinorTickVisible(false);
        ((NumberAxis) recall.getXAxis()).setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : "";
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s);
            }
        });
        recall.setLegendVisible(true);
        return recall;
    }

    /** Adds each step's loss and learning rate as it arrives; clears the curves when a new run starts. */
    private void followSteps(XYChart.Series<Number, Number> lossSeries, XYChart.Series<Number, Number> lrSeries) {
        vm.points().addListener((ListChangeListener<TrainingChartSeries.Point>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && vm.points().isEmpty()) {
                    lossSeries.getData().clear();
                    lrSeries.getData().clear();
                }
                java.util.List<XYChart.Data<Number, Number>> l = new java.util.ArrayList<>();
                java.util.List<XYChart.Data<Number, Number>> rate = new java.util.ArrayList<>();
                for (TrainingChartSeries.Point p : c.getAddedSubList()) {
                    if (!Double.isFinite(p.loss()) || !Double.isFinite(p.learningRate())) {
                        continue; // a NaN would wipe the chart's range: keep what was drawn, the status says what
                        // failed
                    }
                    l.add(new XYChart.Data<>(p.step(), p.loss()));
                    rate.add(new XYChart.Data<>(p.step(), p.learningRate()));
                }
                lossSeries.getData().addAll(l);
                lrSeries.getData().addAll(rate);
            }
        });
    }

    /** Redraws Recall@1/5/10 per epoch from the run's evaluations. */
    private void followEvaluations(
            XYChart.Series<Number, Number> r1, XYChart.Series<Number, Number> r5, XYChart.Series<Number, Number> r10) {
        vm.evaluations().addListener((ListChangeListener<TrainingChartSeries.EvalPoint>) c -> {
            r1.getData().clear();
            r5.getData().clear();
            r10.getData().clear();
            for (TrainingChartSeries.EvalPoint p : vm.evaluations()) {
                r1.getData().add(new XYChart.Data<>(p.epoch(), p.recall1()));
                r5.getData().add(new XYChart.Data<>(p.epoch(), p.recall5()));
                r10.getData().add(new XYChart.Data<>(p.epoch(), p.recall10()));
            }
        });
    }

    /**
     * Marks (or, for {@code step} &lt; 0, unmarks) where a failed run stopped: a red vertical line at {@code step}
     * across the range of what was drawn, and the title says it. The drawn points stay.
     */
    private static void markStop(
            LineChart<Number, Number> chart,
            XYChart.Series<Number, Number> drawn,
            XYChart.Series<Number, Number> stop,
            long step,
            String title) {
        chart.getData().remove(stop);
        stop.getData().clear();
        if (step < 0) {
            if (title != null) {
                chart.setTitle(title);
            }
            return;
        }
        double lo = drawn.getData().stream()
                .mapToDouble(d -> d.getYValue().doubleValue())
                .min()
                .orElse(0);
        double hi = drawn.getData().stream()
                .mapToDouble(d -> d.getYValue().doubleValue())
                .max()
                .orElse(1);
        stop.setName("stopped at step " + step);
        stop.getData().add(new XYChart.Data<>(step, lo));
        stop.getData().add(new XYChart.Data<>(step, hi));
        chart.getData().add(stop);
        stop.getNode().setStyle("-fx-stroke: #d62728; -fx-stroke-width: 2; -fx-stroke-dash-array: 6 4;");
        stop.getNode().getStyleClass().add("failed-marker");
        if (title != null) {
            chart.setTitle(title + " — run failed at step " + step);
        }
    }

    private static XYChart.Series<Number, Number> named(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    private static LineChart<Number, Number> chart(
            String id, String title, String xLabel, String yLabel, TrainViewModel vm) {
        NumberAxis x = new NumberAxis();
        x.setLabel(xLabel);
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setTitle(title); // the run's name is in the status line above: a long one would cut the title short
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setMinHeight(160);
        return c;
    }

    private static Spinner<Integer> intSpinner(IntegerProperty p, int min, int max, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get(), step);
        s.setEditable(true);
        s.setPrefWidth(120);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    private static Spinner<Double> doubleSpinner(DoubleProperty p, double min, double max, double step) {
        Spinner<Double> s = new Spinner<>(min, max, p.get(), step);
        s.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double v) {
                if (v == null) {
                    return "";
                }
                return v != 0 && Math.abs(v) < 1e-3
                        ? String.format(java.util.Locale.ROOT, "%.1e", v)
                        : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            }

            @Override
            public Double fromString(String text) {
                return Double.parseDouble(text.strip());
            }
        });
        s.getEditor().setText(s.getValueFactory().getConverter().toString(p.get()));
        s.setEditable(true);
        s.setPrefWidth(120);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.doubleValue()));
        return s;
    }

    public Node node() {
        return root;
    }
}
