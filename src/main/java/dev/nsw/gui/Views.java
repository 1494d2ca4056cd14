package dev.nsw.gui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;

/** Small builders the panel views share. */
public final class Views {
    private Views() {}

    public static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    /**
     * Keeps a form's field names (column 0 of the grid) whole: the grid shrinks the other columns (hints
     * wrap) instead of cutting "k1 (term-frequency saturation)" to "k1 (term-frequency satur…".
     */
    public static javafx.scene.layout.GridPane keepNamesWhole(javafx.scene.layout.GridPane form) {
        for (javafx.scene.Node n : form.getChildren()) {
            Integer col = javafx.scene.layout.GridPane.getColumnIndex(n);
            if ((col == null || col == 0) && n instanceof Label l) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            } else if (n instanceof Label l && l.getStyleClass().contains("hint")) {
                l.setMinWidth(0);
                javafx.scene.layout.GridPane.setHgrow(l, javafx.scene.layout.Priority.SOMETIMES);
            }
        }
        return form;
    }

    /** A column header that explains itself on hover; its text is never shortened. */
    public static Label headerWithHelp(String text, String help) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setTooltip(new Tooltip(help));
        return l;
    }

    public static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    /**
     * Progress of a panel's own job: bar, message, ETA and Cancel; hidden while {@code job} is null. The
     * status bar shows the same job too.
     */
    public static javafx.scene.layout.HBox jobProgress(
            javafx.beans.value.ObservableValue<dev.nsw.gui.task.RunningJob> job, String cancelId) {
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setPrefWidth(220);
        Label message = new Label();
        Label eta = new Label();
        javafx.scene.control.Button cancel = new javafx.scene.control.Button("Cancel");
        cancel.setId(cancelId);
        javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(8, bar, message, eta, cancel);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Runnable bind = () -> {
            dev.nsw.gui.task.RunningJob j = job.getValue();
            box.setVisible(j != null);
            box.setManaged(j != null);
            bar.progressProperty().unbind();
            message.textProperty().unbind();
            eta.textProperty().unbind();
            if (j != null) {
                bar.progressProperty().bind(j.progressProperty());
                message.textProperty().bind(j.messageProperty());
                eta.textProperty().bind(j.etaProperty());
                cancel.setOnAction(e -> j.cancel());
            }
        };
        job.addListener((o, a, b) -> bind.run());
        bind.run();
        return box;
    }

    /**
     * An empty chart shows a note instead of an invented axis (an auto-ranged axis without data draws 0–100 with
     * padding): the axes' numbers, grid lines and titles appear with the first point of {@code data}, so the note
     * never sits over axis labels.
     */
    public static javafx.scene.layout.StackPane chartWithPlaceholder(
            javafx.scene.chart.XYChart<Number, Number> chart,
            javafx.collections.ObservableList<?> data,
            String id,
            String text) {
        Label note = new Label(text);
        note.setId(id);
        note.setWrapText(true);
        note.setMouseTransparent(true);
        note.setMaxWidth(360);
        note.getStyleClass().add("chart-placeholder");
        javafx.beans.binding.BooleanBinding empty = javafx.beans.binding.Bindings.isEmpty(data);
        note.visibleProperty().bind(empty);
        for (javafx.scene.chart.Axis<Number> axis : java.util.List.of(chart.getXAxis(), chart.getYAxis())) {
            axis.tickLabelsVisibleProperty().bind(empty.not());
            axis.tickMarkVisibleProperty().bind(empty.not());
            String label = axis.getLabel();
            if (label != null) {
                axis.labelProperty()
                        .bind(javafx.beans.binding.Bindings.when(empty).then("").otherwise(label));
            }
        }
        chart.horizontalGridLinesVisibleProperty().bind(empty.not());
        chart.verticalGridLinesVisibleProperty().bind(empty.not());
        javafx.scene.layout.StackPane pane = new javafx.scene.layout.StackPane(chart, note);
        pane.setMinHeight(chart.getMinHeight());
        return pane;
    }

    /**
     * {@code text} with the characters that draw as nothing or as a box made visible: C0 controls but tab and line
     * breaks, DEL, and C1 controls (U+0080–U+009F, e.g. a stray U+0097 from a mis-decoded file) become
     * {@code ⟨U+0097⟩}, so the reader sees what the data holds (the models read it as it is).
     */
    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
            if (hidden) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(java.util.Locale.ROOT, "⟨U+%04X⟩", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** A tooltip that wraps long text at a readable width instead of one line across the screen. */
    public static Tooltip wrapped(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(520);
        return t;
    }

    /**
     * The max_seq_length choice (Index, Compare): the usual lengths and the current one, following {@code reading};
     * picking one chooses it for the workspace. Its tooltip says where the current value came from.
     */
    public static javafx.scene.control.ComboBox<Integer> maxSeqLengthChoice(ReadingLength reading, String id) {
        javafx.scene.control.ComboBox<Integer> box = new javafx.scene.control.ComboBox<>();
        box.setId(id);
        box.getItems().setAll(ReadingLength.CHOICES);
        var length = reading.lengthProperty();
        Runnable show = () -> {
            if (!box.getItems().contains(length.get())) {
                box.getItems().add(length.get());
                box.getItems().sort(null);
            }
            box.setValue(length.get());
        };
        show.run();
        length.addListener(o -> show.run());
        box.valueProperty().addListener((o, old, v) -> {
            if (v != null && v != length.get()) {
                reading.choose(v);
            }
        });
        box.tooltipProperty()
                .bind(javafx.beans.binding.Bindings.createObjectBinding(
                        () -> wrapped("Tokens the dense model reads of each text ([CLS] and [SEP] included): "
                                + reading.noteProperty().get()
                                + ". The corpus and the queries are embedded (and cached) per length."),
                        reading.noteProperty()));
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return box;
    }

    /**
     * The workspace's MaxP choice (Index, Compare): long documents cut into passages of the max length, half a window
     * apart, each scored by its best passage ({@link ReadingPassages#choose}); shown as chosen elsewhere.
     */
    public static javafx.scene.control.CheckBox passagesChoice(ReadingPassages passages, String id) {
        javafx.scene.control.CheckBox box = new javafx.scene.control.CheckBox("MaxP passages");
        box.setId(id);
        box.setSelected(passages.maxpProperty().get());
        passages.maxpProperty().addListener((o, old, v) -> box.setSelected(v));
        box.selectedProperty().addListener((o, old, v) -> passages.choose(v));
        box.setTooltip(wrapped("MaxP: a document longer than the max length is cut into passages of that length, half"
                + " a window apart, and scores as its best passage (nsw … --passages maxp), instead of being read once"
                + " and cut off. Costs one embedding per passage (on SciFact's abstracts about 5 at 128 tokens). The"
                + " Index panel's dense index and Compare's dense and hybrid runs read with it; each run records it."));
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return box;
    }

    /**
     * The workspace's precision (fp32 | int8), chosen here for every panel ({@link ReadingPrecision#choose}) and shown
     * as chosen elsewhere.
     */
    public static javafx.scene.control.ComboBox<dev.nsw.encoder.Precision> precisionChoice(
            ReadingPrecision precision, String id) {
        javafx.scene.control.ComboBox<dev.nsw.encoder.Precision> box = new javafx.scene.control.ComboBox<>();
        box.setId(id);
        box.getItems().setAll(ReadingPrecision.CHOICES);
        box.setValue(precision.precisionProperty().get());
        precision.precisionProperty().addListener((o, old, v) -> box.setValue(v));
        box.valueProperty().addListener((o, old, v) -> precision.choose(v));
        box.setTooltip(wrapped(
                "What the dense model runs in: fp32 (the model as trained) or int8 (dynamic int8 quantization of its"
                        + " linear layers on ONNX Runtime: faster, vectors close to fp32's but not equal). Every dense"
                        + " and hybrid run records it; embeddings are cached per precision."));
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return box;
    }

    /**
     * {@code content} (a long text) in a box of about {@code lines} lines that scrolls, across the width it is given:
     * what is below keeps its room however long the text is.
     */
    public static javafx.scene.control.ScrollPane scrollingText(javafx.scene.Node content, int lines, String id) {
        javafx.scene.control.ScrollPane box = new javafx.scene.control.ScrollPane(content);
        box.setId(id);
        box.setFitToWidth(true);
        box.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        box.setPrefViewportHeight(18 * lines);
        box.setMinHeight(36);
        box.getStyleClass().add("edge-to-edge");
        return box;
    }

    /** A read-only column showing {@code value(row)} as text. */
    public static <S> TableColumn<S, String> column(String title, double prefWidth, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(prefWidth);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                String shown = empty ? null : visible(item);
                setText(shown);
                setTooltip(empty || shown == null || shown.length() < 40 ? null : wrapped(shown));
            }
        });
        return c;
    }
}
