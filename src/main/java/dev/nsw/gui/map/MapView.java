package dev.nsw.gui.map;

import dev.nsw.gui.DialogService;
import dev.nsw.gui.ModelChoice;
import dev.nsw.gui.SnapshotExport;
import dev.nsw.gui.Views;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Map panel: a {@link Canvas} of the projected points (documents grey, gold documents blue, queries green when
 * their top-1 hit is gold and red when missed; lines to the gold and, for misses, dashed to the top-1 hit).
 * Hover shows a point's text, a click selects it, and "Open in Search" runs it as a query. Before/after share
 * the axes, so toggling shows how training moved the points.
 */
public final class MapView {
    private static final double PICK_RADIUS = 8;

    private final MapViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas(600, 500);
    private final Label hover = new Label();
    /** Pixel positions of the drawn points: documents first, then queries (the order {@link MapViewModel#select} uses). */
    private double[] px = new double[0];

    private double[] py = new double[0];
    private MapViewModel.Plot plot;

    public MapView(MapViewModel vm, DialogService dialogs) {
        this.vm = vm;
        root.setId("map-view");
        root.getStyleClass().add("panel");
        javafx.scene.layout.FlowPane bar = toolbar(dialogs);
        Pane holder = canvasPane();
        Label summary = new Label();
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.summaryProperty());
        HBox detail = detail();
        root.setTop(new VBox(6, Views.title("Map"), bar, summary));
        root.setCenter(holder);
        root.setBottom(detail);
    }

    /** The two models, Draw, the before/after toggle and PNG export, in a row that wraps. */
    private javafx.scene.layout.FlowPane toolbar(DialogService dialogs) {
        ComboBox<ModelChoice> before = new ComboBox<>(vm.models());
        before.setId("map-before-model");
        before.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        before.valueProperty().bindBidirectional(vm.beforeProperty());
        ComboBox<ModelChoice> after = new ComboBox<>(vm.models());
        after.setId("map-after-model");
        after.setPromptText("(none)");
        after.valueProperty().bindBidirectional(vm.afterProperty());
        Button clearAfter = new Button("×");
        clearAfter.setOnAction(e -> vm.afterProperty().set(null));
        Button draw = new Button("Draw map");
        draw.setId("draw-map");
        draw.disableProperty().bind(vm.canDraw().not());
        draw.setOnAction(e -> vm.draw());
        ToggleGroup which = new ToggleGroup();
        ToggleButton showBefore = new ToggleButton("Before");
        ToggleButton showAfter = new ToggleButton("After");
        showBefore.setToggleGroup(which);
        showAfter.setToggleGroup(which);
        showBefore.setSelected(true);
        showAfter
                .disableProperty()
                .bind(javafx.beans.binding.Bindings.createBooleanBinding(
                        () -> vm.viewsProperty().get().size() < 2, vm.viewsProperty()));
        which.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true);
            } else {
                vm.shownProperty().set(t == showAfter ? 1 : 0);
            }
        });
        vm.shownProperty().addListener((o, a, v) -> (v.intValue() == 1 ? showAfter : showBefore).setSelected(true));
        Button png = new Button("Export PNG…");
        png.setOnAction(e -> dialogs.chooseSaveFile("Export map", "map.png", "png")
                .ifPresent(p -> SnapshotExport.writePng(canvas, p)));
        // a wrapping row, not a ToolBar: at 1024 px a ToolBar hid Before/After and Export behind its overflow menu
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(
                8,
                6,
                new Label("Model"),
                before,
                new Label("after training"),
                after,
                clearAfter,
                draw,
                new Separator(Orientation.VERTICAL),
                showBefore,
                showAfter,
                new Separator(Orientation.VERTICAL),
                png);
        bar.setId("map-actions");
        bar.setRowValignment(javafx.geometry.VPos.CENTER);
        return bar;
    }

    /** The canvas that fills the panel: hover shows a point's text, a click selects it, a double click searches it. */
    private Pane canvasPane() {
        Pane holder = new Pane(canvas, hover);
        holder.setMinSize(200, 200);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        canvas.setId("map-canvas");
        hover.setId("map-hover");
        hover.setStyle("-fx-background-color: rgba(30,30,30,0.85); -fx-text-fill: white; -fx-padding: 3 6 3 6;");
        hover.setMaxWidth(420);
        hover.setWrapText(true);
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        canvas.setOnMouseMoved(e -> {
            int i = nearest(e.getX(), e.getY());
            if (i < 0) {
                hover.setVisible(false);
                return;
            }
            hover.setText(plot.hover()[i]);
            hover.relocate(Math.min(e.getX() + 12, Math.max(0, canvas.getWidth() - 430)), e.getY() + 12);
            hover.setVisible(true);
        });
        canvas.setOnMouseExited(e -> hover.setVisible(false));
        canvas.setOnMouseClicked(e -> {
            vm.select(nearest(e.getX(), e.getY()));
            if (e.getClickCount() == 2) {
                vm.openInSearch();
            }
        });
        vm.viewsProperty().addListener(o -> redraw());
        vm.shownProperty().addListener(o -> redraw());
        vm.selectionProperty().addListener(o -> redraw());
        return holder;
    }

    /**
     * The selected point's text and "Open in Search": the text in a box of about three lines that scrolls, so a long
     * selection never squeezes the map or the button.
     */
    private HBox detail() {
        Label selected = new Label("Hover a point to read it; click to select; double-click opens it in Search.");
        selected.setId("map-selection");
        selected.setWrapText(true);
        Button open = new Button("Open in Search");
        open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "…"
        open.disableProperty().bind(vm.selectionProperty().isNull());
        open.setOnAction(e -> vm.openInSearch());
        vm.selectionProperty()
                .addListener((o, a, s) -> selected.setText(
                        s == null
                                ? ""
                                : Views.visible(s.kind() + " " + s.id() + ": " + s.text() + "  —  " + s.detail())));
        javafx.scene.control.ScrollPane text = Views.scrollingText(selected, 3, "map-selection-box");
        text.setMaxHeight(60);
        HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
        HBox detail = new HBox(8, open, text);
        detail.setAlignment(Pos.CENTER_LEFT);
        detail.setPadding(new Insets(4, 0, 0, 0));
        return detail;
    }

    /** Index of the drawn point nearest to (x, y) within {@link #PICK_RADIUS} pixels, queries first on ties; -1 if none. */
    private int nearest(double x, double y) {
        int best = -1;
        double bestD = PICK_RADIUS * PICK_RADIUS;
        for (int i = px.length - 1; i >= 0; i--) {
            double dx = px[i] - x;
            double dy = py[i] - y;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        plot = vm.plot();
        if (plot == null) {
            px = new double[0];
            py = new double[0];
            return;
        }
        double[] b = plot.bounds(); // shared axes: before and after stay comparable
        double margin = 12;
        double legendHeight = legendLines(w - 2 * margin).size() * LEGEND_LINE;
        double scale = Math.min((w - 2 * margin) / (b[1] - b[0]), (h - 2 * margin - legendHeight) / (b[3] - b[2]));
        double offX = margin + ((w - 2 * margin) - scale * (b[1] - b[0])) / 2;
        double offY = margin + ((h - 2 * margin - legendHeight) - scale * (b[3] - b[2])) / 2;
        int n = plot.size();
        int docs = plot.documents();
        px = new double[n];
        py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = offX + (plot.x()[i] - b[0]) * scale;
            py[i] = offY + (b[3] - plot.y()[i]) * scale;
        }
        double docR = docs > 5_000 ? 1.2 : 2.2;
        Color doc = Color.web(MapViewModel.DOCUMENT, 0.55);
        Color gold = Color.web(MapViewModel.GOLD_DOCUMENT, 0.8);
        for (int pass = 0; pass < 2; pass++) {
            g.setFill(pass == 0 ? doc : gold);
            double r = pass == 0 ? docR : docR + 0.8;
            for (int i = 0; i < docs; i++) {
                if (plot.gold()[i] == (pass == 1)) {
                    g.fillOval(px[i] - r, py[i] - r, 2 * r, 2 * r);
                }
            }
        }
        int queries = n - docs;
        double lineAlpha = queries > 2_000 ? 0.15 : 0.5;
        g.setLineWidth(0.8);
        for (int i = 0; i < queries; i++) {
            int q = docs + i;
            if (plot.goldOf()[i] >= 0) {
                g.setStroke(Color.web(MapViewModel.GOLD_DOCUMENT, lineAlpha));
                g.setLineDashes();
                g.strokeLine(px[q], py[q], px[plot.goldOf()[i]], py[plot.goldOf()[i]]);
            }
            if (!plot.found()[q] && plot.top1Of()[i] >= 0) {
                g.setStroke(Color.web(MapViewModel.MISSED, lineAlpha));
                g.setLineDashes(3, 2);
                g.strokeLine(px[q], py[q], px[plot.top1Of()[i]], py[plot.top1Of()[i]]);
            }
        }
        g.setLineDashes();
        double qr = queries > 5_000 ? 1.6 : 3.2;
        Color found = Color.web(MapViewModel.FOUND, 0.9);
        Color missed = Color.web(MapViewModel.MISSED, 0.9);
        for (int q = docs; q < n; q++) {
            g.setFill(plot.found()[q] ? found : missed);
            g.fillOval(px[q] - qr, py[q] - qr, 2 * qr, 2 * qr);
        }
        int at = vm.selectedIndex();
        if (at >= 0) {
            g.setStroke(Color.BLACK);
            g.setLineWidth(2);
            g.strokeOval(px[at] - 7, py[at] - 7, 14, 14);
        }
        legend(g, margin, h - 6);
    }

    private static final String[][] LEGEND = {
        {MapViewModel.FOUND, "query, top-1 hit is gold"},
        {MapViewModel.MISSED, "query missed (dashed: to its top-1 hit)"},
        {MapViewModel.GOLD_DOCUMENT, "gold document (line: query → gold)"},
        {MapViewModel.DOCUMENT, "other document"}
    };

    /** Height of one line of the legend drawn under the points. */
    private static final double LEGEND_LINE = 16;

    /** The legend's items in lines that fit {@code width} (measured in the canvas's font), first line first. */
    private java.util.List<java.util.List<String[]>> legendLines(double width) {
        java.util.List<java.util.List<String[]>> lines = new java.util.ArrayList<>();
        java.util.List<String[]> line = new java.util.ArrayList<>();
        double x = 0;
        for (String[] item : LEGEND) {
            double w = itemWidth(item[1]);
            if (!line.isEmpty() && x + w > width) {
                lines.add(line);
                line = new java.util.ArrayList<>();
                x = 0;
            }
            line.add(item);
            x += w;
        }
        lines.add(line);
        return lines;
    }

    private double itemWidth(String text) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(canvas.getGraphicsContext2D().getFont());
        return 12 + t.getLayoutBounds().getWidth() + 16;
    }

    /** The colour key, wrapped to the canvas's width, its last line at {@code bottom}. */
    private void legend(GraphicsContext g, double x0, double bottom) {
        var lines = legendLines(canvas.getWidth() - 2 * x0);
        double y = bottom - (lines.size() - 1) * LEGEND_LINE;
        for (var line : lines) {
            double x = x0;
            for (String[] item : line) {
                g.setFill(Color.web(item[0]));
                g.fillOval(x, y - 8, 8, 8);
                g.setFill(Color.DIMGRAY);
                g.fillText(item[1], x + 12, y);
                x += itemWidth(item[1]);
            }
            y += LEGEND_LINE;
        }
    }

    public Node node() {
        return root;
    }
}
