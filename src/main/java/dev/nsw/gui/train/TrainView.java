package dev.nsw.gui.train;

import dev.nsw.gui.Views;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Train panel: the recipe's hyper-parameters and live loss / learning-rate charts. Start is disabled in this build. */
public final class TrainView {
    private final VBox root = new VBox();

    public TrainView(TrainViewModel vm) {
        root.setId("train-view");
        root.getStyleClass().add("panel");

        Label banner = new Label(TrainViewModel.UNAVAILABLE);
        banner.setId("train-unavailable");
        banner.getStyleClass().add("banner");
        banner.setWrapText(true);
        banner.visibleProperty().bind(vm.engineAvailableProperty().not());
        banner.managedProperty().bind(banner.visibleProperty());

        ComboBox<TrainViewModel.Strategy> strategy = new ComboBox<>();
        strategy.getItems().setAll(TrainViewModel.Strategy.values());
        strategy.valueProperty().bindBidirectional(vm.strategyProperty());
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(6);
        int r = 0;
        form.addRow(r++, new Label("Strategy"), strategy);
        form.addRow(r++, new Label("epochs"), intSpinner(vm.epochsProperty(), 1, 100, 1));
        form.addRow(r++, new Label("batch_size"), intSpinner(vm.batchSizeProperty(), 1, 1024, 8));
        form.addRow(r++, new Label("max_seq_length"), intSpinner(vm.maxSeqLengthProperty(), 8, 512, 8));
        form.addRow(r++, new Label("output_emb_size"), intSpinner(vm.outputEmbSizeProperty(), 0, 1024, 32));
        form.addRow(r++, new Label("learning_rate"), doubleSpinner(vm.learningRateProperty(), 1e-7, 1e-2, 1e-5));
        form.addRow(r++, new Label("warmup_proportion"), doubleSpinner(vm.warmupProportionProperty(), 0, 1, 0.05));
        form.addRow(r++, new Label("weight_decay"), doubleSpinner(vm.weightDecayProperty(), 0, 1, 0.01));
        form.addRow(r++, new Label("margin"), doubleSpinner(vm.marginProperty(), 0, 2, 0.05));
        form.addRow(r++, new Label("scale"), doubleSpinner(vm.scaleProperty(), 1, 100, 1));
        form.addRow(r++, new Label("dropout (SimCSE)"), doubleSpinner(vm.dropoutProperty(), 0, 0.9, 0.05));
        CheckBox amp = new CheckBox("mixed precision");
        amp.selectedProperty().bindBidirectional(vm.useAmpProperty());
        form.addRow(r++, new Label(""), amp);
        Button start = new Button("Start training");
        start.setId("train-start");
        start.disableProperty().bind(vm.engineAvailableProperty().not());
        Button stop = new Button("Stop");
        stop.setDisable(true);
        form.addRow(r, new Label(""), new HBox(8, start, stop));
        TitledPane settings = new TitledPane("Hyper-parameters (recipe defaults)", form);
        settings.setCollapsible(false);

        LineChart<Number, Number> loss = chart("Loss", "loss");
        LineChart<Number, Number> lr = chart("Learning rate", "lr");
        XYChart.Series<Number, Number> lossSeries = new XYChart.Series<>();
        XYChart.Series<Number, Number> lrSeries = new XYChart.Series<>();
        loss.getData().add(lossSeries);
        lr.getData().add(lrSeries);
        vm.points().addListener((ListChangeListener<TrainViewModel.Point>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && vm.points().isEmpty()) {
                    lossSeries.getData().clear();
                    lrSeries.getData().clear();
                }
                for (TrainViewModel.Point p : c.getAddedSubList()) {
                    lossSeries.getData().add(new XYChart.Data<>(p.step(), p.loss()));
                    lrSeries.getData().add(new XYChart.Data<>(p.step(), p.learningRate()));
                }
            }
        });
        VBox charts = new VBox(6, loss, lr);
        HBox.setHgrow(charts, Priority.ALWAYS);
        HBox body = new HBox(12, settings, charts);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(Views.title("Train"), banner, body);
    }

    private static LineChart<Number, Number> chart(String title, String yLabel) {
        NumberAxis x = new NumberAxis();
        x.setLabel("step");
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title + " — no training run");
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        VBox.setVgrow(c, Priority.ALWAYS);
        return c;
    }

    private static Spinner<Integer> intSpinner(IntegerProperty p, int min, int max, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get(), step);
        s.setEditable(true);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
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
                return v != 0 && Math.abs(v) < 1e-3 ? String.format(java.util.Locale.ROOT, "%.1e", v)
                        : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            }

            @Override
            public Double fromString(String text) {
                return Double.parseDouble(text.strip());
            }
        });
        s.getEditor().setText(s.getValueFactory().getConverter().toString(p.get()));
        s.setEditable(true);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        return s;
    }

    public Node node() {
        return root;
    }
}
