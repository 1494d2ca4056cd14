package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.task.FxTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A person's day with two workspaces: the Chinese helpdesk sample, then an English BEIR folder, then the
 * sample again. Nothing of one workspace may show in the other; the model follows the corpus's language
 * and is remembered; what the sample saved (embeddings, index, Compare runs) comes back without embedding
 * the corpus again; every panel fits at 1024×700.
 */
@ExtendWith(ApplicationExtension.class)
class WorkspaceSwitchUiTest {
    static {
        System.clearProperty("testfx.headless");
        System.setProperty("testfx.robot", "glass");
    }

    @TempDir
    static Path dir;

    MainWindow window;
    RecordingDialogs dialogs = new RecordingDialogs();
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = new MainWindow(stage, Settings.inMemory(), new FxTaskExecutor(), dialogs);
        stage.show();
    }

    @Test
    void sampleThenEnglishBeirThenSampleAgain(FxRobot robot) throws Exception {
        Path zh = copy(Path.of("sample-data", "zh-helpdesk"), dir.resolve("zh-helpdesk"));
        Path en = copy(Path.of("sample-data", "en-beir"), dir.resolve("en-beir"));
        WorkbenchModel model = window.model();

        // 1. The sample: the Chinese model is picked; BM25 + dense index, a search, two Compare runs, Scores, one
        // training step
        open(robot, zh);
        assertThat(model.catalogue().preferredProperty().get().label()).isEqualTo("bge-small-zh-v1.5");
        assertThat(window.index().denseModelProperty().get().label()).isEqualTo("bge-small-zh-v1.5");
        assertThat(model.modelWarningProperty().get()).isEmpty();
        robot.interact(() -> window.index().buildBm25());
        waitUntil(() -> model.bm25Property().get() != null);
        robot.interact(() -> window.index().buildDense());
        waitUntil(() -> model.denseProperty().get() != null);
        assertThat(model.corporaEmbedded()).isEqualTo(1);
        assertThat(window.index().lastDenseBuildProperty().get().reusedEmbeddings())
                .isFalse();
        String zhQuery = model.evalSetProperty().get().queries().getFirst().text();
        robot.interact(() -> {
            window.search().queryProperty().set(zhQuery);
            window.search().search();
        });
        waitUntil(() -> !window.search().denseHits().isEmpty()
                && !window.search().bm25Hits().isEmpty());
        robot.interact(() -> window.compare().runBm25());
        waitUntil(() -> window.compare().runs().size() == 1);
        robot.interact(() ->
                window.compare().runDense(window.compare().denseChoiceProperty().get()));
        waitUntil(() -> window.compare().runs().size() == 2);
        assertThat(model.corporaEmbedded())
                .as("Compare's dense run reads the embeddings the Index panel saved")
                .isEqualTo(1);
        Map<String, Double> zhRecall = recallAt10(window.compare().runs());
        robot.interact(() -> window.scores().compute());
        waitUntil(() -> window.scores().resultProperty().get() != null);
        robot.interact(() -> {
            window.train().form().batchSizeProperty().set(4);
            window.train().form().maxStepsProperty().set(1);
            window.train().start();
        });
        waitUntil(() -> !window.train().runningProperty().get()
                && !window.train().points().isEmpty());
        assertThat(dialogs.errors).isEmpty();

        // 2. An English BEIR folder: the English model, and nothing of the sample anywhere
        open(robot, en);
        assertThat(model.catalogue().preferredProperty().get().label()).isEqualTo("bge-small-en-v1.5");
        for (var choice : List.of(
                window.index().denseModelProperty(),
                window.search().denseChoiceProperty(),
                window.compare().denseChoiceProperty(),
                window.scores().modelChoiceProperty(),
                window.train().form().baseModelProperty())) {
            assertThat(choice.get().label()).isEqualTo("bge-small-en-v1.5");
        }
        assertThat(model.bm25Property().get()).isNull();
        assertThat(model.denseProperty().get()).isNull();
        assertThat(window.search().queryProperty().get()).isEmpty();
        assertThat(window.search().bm25Hits()).isEmpty();
        assertThat(window.search().denseHits()).isEmpty();
        assertThat(window.index().lastDenseBuildProperty().get()).isNull();
        assertThat(window.index().saved()).isEmpty();
        assertThat(window.compare().runs()).isEmpty();
        assertThat(window.compare().winLoss()).isEmpty();
        assertThat(window.scores().resultProperty().get()).isNull();
        assertThat(window.train().points()).isEmpty();
        assertThat(window.train().evaluations()).isEmpty();
        assertThat(window.train().canResumeProperty().get()).isFalse();
        assertThat(window.annotate().items()).isEmpty();
        for (Panel p : Panel.values()) {
            robot.interact(() -> window.select(p));
            WaitForAsyncUtils.waitForFxEvents();
            for (String shown : shownTexts(window.scene().getRoot())) {
                assertThat(shown)
                        .as("%s panel shows the sample's data", p.title())
                        .doesNotContain(zh.toString())
                        .doesNotContain("zh-helpdesk")
                        .doesNotMatch("(?s).*\\p{IsHan}.*");
            }
        }

        // 3. The sample again: its model is remembered, its index, embeddings and runs come back without embedding
        open(robot, zh);
        assertThat(model.catalogue().preferredProperty().get().label()).isEqualTo("bge-small-zh-v1.5");
        waitUntil(() ->
                model.denseProperty().get() != null && window.compare().runs().size() == 2);
        assertThat(window.index().lastDenseBuildProperty().get().reusedEmbeddings())
                .isTrue();
        assertThat(window.index().denseStatusProperty().get())
                .contains("reloaded")
                .contains("no embedding");
        assertThat(window.index().saved()).extracting(s -> s.kind()).contains("index", "embeddings");
        assertThat(recallAt10(window.compare().runs())).isEqualTo(zhRecall);
        assertThat(window.search().queryProperty().get()).isEmpty();
        assertThat(window.scores().resultProperty().get()).isNull();
        robot.interact(() -> window.index().buildDense());
        waitUntil(() -> !window.index().denseBuildingProperty().get()
                && window.index().lastDenseBuildProperty().get().annRecall10() >= 0);
        assertThat(window.index().lastDenseBuildProperty().get().reusedEmbeddings())
                .isTrue();
        assertThat(model.corporaEmbedded())
                .as("reopening and rebuilding never embeds the sample's corpus again")
                .isEqualTo(1);
        assertThat(dialogs.errors).isEmpty();

        // 4. Every panel fits at 1024×700 and, back on a large screen, at 1600×1000: no label, button, column header
        // or chosen value is cut short with an ellipsis
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        List<String> elided = new ArrayList<>();
        for (int[] size : new int[][] {{1024, 700}, {1600, 1000}}) {
            for (Panel p : Panel.values()) {
                robot.interact(() -> window.select(p));
                WaitForAsyncUtils.waitForFxEvents();
                // laid out at the size by hand: the headless platform's screen is 1000 px wide, and a larger
                // window would not fit it (the check needs the layout, not pixels)
                robot.interact(() -> {
                    Parent root = window.scene().getRoot();
                    root.resize(size[0], size[1]);
                    root.applyCss();
                    root.layout();
                    elided.addAll(elidedLabels(p, root).stream()
                            .map(e -> size[0] + "×" + size[1] + " " + e)
                            .toList());
                    elided.addAll(beyondTheWindow(p, root, size[0]).stream()
                            .map(e -> size[0] + "×" + size[1] + " " + e)
                            .toList());
                });
            }
        }
        assertThat(elided).as("labels elided or beyond the window's edge").isEmpty();
    }

    @Test
    void theElisionCheckSeesACutLabelAndACutComboBoxValue(FxRobot robot) {
        List<String> found = new ArrayList<>();
        robot.interact(() -> {
            Labeled label = new javafx.scene.control.Label("Build dense index with a long name");
            ComboBox<String> box = new ComboBox<>(
                    javafx.collections.FXCollections.observableArrayList("bge-small-en-v1.5 and a long tail"));
            box.setValue("bge-small-en-v1.5 and a long tail");
            javafx.scene.layout.VBox pane = new javafx.scene.layout.VBox(label, box);
            label.setMaxWidth(60);
            box.setMaxWidth(70);
            new javafx.scene.Scene(pane, 300, 200);
            pane.applyCss();
            pane.layout();
            found.addAll(elidedLabels(Panel.SEARCH, pane));
        });
        assertThat(found).hasSize(2);
    }

    @Test
    void theEdgeCheckSeesAButtonBeyondTheWindowColumnsCutOffAndAToolBarsOverflowButNotColumnsThatScroll(FxRobot robot) {
        List<String> found = new ArrayList<>();
        robot.interact(() -> {
            javafx.scene.control.Button first = new javafx.scene.control.Button("Run BM25 on the test set");
            javafx.scene.control.Button second = new javafx.scene.control.Button("Run BM25 + pretrained + trained");
            for (javafx.scene.control.Button b : List.of(first, second)) {
                b.setMinWidth(200);
            }
            TableView<String> cut = table("cut", TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            TableView<String> scrolls = table("scrolls", TableView.UNCONSTRAINED_RESIZE_POLICY);
            javafx.scene.control.ToolBar crowded = new javafx.scene.control.ToolBar();
            crowded.setId("crowded");
            for (String t : List.of("Model", "after training", "Draw map", "Before", "After", "Export PNG…")) {
                crowded.getItems().add(new javafx.scene.control.Button(t));
            }
            javafx.scene.layout.VBox pane =
                    new javafx.scene.layout.VBox(new javafx.scene.layout.HBox(first, second), cut, scrolls, crowded);
            new javafx.scene.Scene(pane, 300, 400);
            pane.applyCss();
            pane.layout();
            found.addAll(beyondTheWindow(Panel.COMPARE, pane, 300));
        });
        assertThat(found).hasSize(3);
        assertThat(found.get(0)).contains("Run BM25 + pretrained + trained");
        assertThat(found.get(1)).contains("#cut").contains("no scroll bar");
        assertThat(found.get(2)).contains("#crowded").contains("overflow menu");
    }

    /** 720 px of columns in a 300 px table, with two rows. */
    private static TableView<String> table(String id, javafx.util.Callback<TableView.ResizeFeatures, Boolean> policy) {
        TableView<String> table = new TableView<>(javafx.collections.FXCollections.observableArrayList("a", "b"));
        table.setId(id);
        for (int i = 0; i < 6; i++) {
            javafx.scene.control.TableColumn<String, String> c = new javafx.scene.control.TableColumn<>("R@" + i);
            c.setMinWidth(120);
            c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyStringWrapper(cd.getValue()));
            table.getColumns().add(c);
        }
        table.setColumnResizePolicy(policy);
        table.setMinWidth(0);
        table.setPrefWidth(300);
        return table;
    }

    private void open(FxRobot robot, Path folder) throws Exception {
        open(robot, window, folder);
    }

    /** Opens {@code folder} in {@code window} once no job runs, and waits until it and the jobs it starts are done. */
    static void open(FxRobot robot, MainWindow window, Path folder) throws Exception {
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> window.model().executor().running().isEmpty());
        boolean[] done = {false};
        robot.interact(() -> window.model().openWorkspace(folder).whenSucceeded(() -> done[0] = true));
        waitUntil(() -> done[0] && window.model().executor().running().isEmpty());
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Map<String, Double> recallAt10(List<RunResult> runs) {
        Map<String, Double> out = new LinkedHashMap<>();
        runs.forEach(r -> out.put(r.name(), r.metrics().recall(10)));
        return out;
    }

    /** Every text a person can see in the tree: labels, text fields, table rows, list items, chart series. */
    static List<String> shownTexts(Node node) {
        List<String> out = new ArrayList<>();
        switch (node) {
            case Labeled l when l.getText() != null -> out.add(l.getText());
            case TextInputControl t when t.getText() != null -> out.add(t.getText());
            default -> {}
        }
        if (node instanceof TableView<?> t) {
            t.getItems().forEach(i -> out.add(String.valueOf(i)));
        } else if (node instanceof ListView<?> l) {
            l.getItems().forEach(i -> out.add(String.valueOf(i)));
        } else if (node instanceof ComboBox<?> c && c.getValue() != null) {
            out.add(String.valueOf(c.getValue()));
        } else if (node instanceof XYChart<?, ?> chart) {
            chart.getData().forEach(s -> out.add(s.getName() + " " + s.getData().size() + " points"));
            if (chart.getId() != null
                    && !chart.getId().equals("length-histogram")
                    && !chart.getId().equals("token-histogram")) {
                // only the Datasets histograms describe the open data; the others show results, and there are none yet
                chart.getData()
                        .forEach(s -> assertThat(s.getData())
                                .as("chart #" + chart.getId() + " keeps another workspace's results")
                                .isEmpty());
            }
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(shownTexts(c)));
        }
        return out;
    }

    /**
     * Visible labels, buttons, column headers and the values shown in combo boxes (not data cells) whose text is drawn
     * shortened (the skin's Text differs from the label's text).
     */
    static List<String> elidedLabels(Panel p, Node node) {
        List<String> out = new ArrayList<>();
        if (!node.isVisible()) {
            return out;
        }
        // table and list cells are data, cut to their column by design (the document pane and tooltips show them
        // whole); a combo box's button cell is the control's chosen value, and must show whole
        boolean comboValue = node instanceof javafx.scene.control.Cell<?>
                && node.getParent() instanceof javafx.scene.control.ComboBoxBase<?>;
        // the status line is a message log, whole on hover; what can be done (buttons, names, values) must show whole
        if (node instanceof Labeled l
                && !"status-message".equals(node.getId())
                && (!(node instanceof javafx.scene.control.Cell<?>) || comboValue)
                && l.getText() != null
                && !l.getText().isEmpty()) {
            for (Node c : l.getChildrenUnmodifiable()) {
                if (c instanceof Text t
                        && !t.getText().equals(l.getText())
                        && t.getText().endsWith(l.getEllipsisString())) {
                    out.add(p.title() + ": \"" + l.getText() + "\" drawn as \"" + t.getText() + "\" ("
                            + l.getClass().getSimpleName() + (l.getId() == null ? "" : " #" + l.getId()) + ")");
                }
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(c -> out.addAll(elidedLabels(p, c)));
        }
        return out;
    }

    /**
     * Visible controls whose right edge lies beyond a window {@code width} wide: a panel wider than the window (its
     * controls' minimum widths add up to more) is cut at the edge, not elided, so the elision check cannot see it.
     * What a table, list or scroll box holds may lie beyond it (it scrolls); the box itself may not.
     */
    static List<String> beyondTheWindow(Panel p, Node node, double width) {
        List<String> out = new ArrayList<>();
        if (!node.isVisible()) {
            return out;
        }
        if (node instanceof javafx.scene.control.Control c && !(node instanceof javafx.scene.control.Cell<?>)) {
            double right = c.localToScene(c.getLayoutBounds()).getMaxX();
            if (right > width + 1) {
                String text = c instanceof Labeled l && l.getText() != null ? " \"" + l.getText() + "\"" : "";
                out.add(p.title() + ":" + text + " " + c.getClass().getSimpleName()
                        + (c.getId() == null ? "" : " #" + c.getId()) + " ends at x = " + Math.round(right));
            }
        }
        if (node instanceof TableView<?> t && t.getWidth() > 0) {
            // columns wider than the table are fine when a scroll bar reaches them, not when they are cut off
            double columns = t.getVisibleLeafColumns().stream()
                    .mapToDouble(javafx.scene.control.TableColumnBase::getWidth)
                    .sum();
            boolean sideways = t.lookupAll(".scroll-bar").stream()
                    .anyMatch(b -> b instanceof javafx.scene.control.ScrollBar bar
                            && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL
                            && bar.isVisible());
            if (columns > t.getWidth() + 1 && !sideways) {
                out.add(p.title() + ": TableView" + (t.getId() == null ? "" : " #" + t.getId()) + " cuts "
                        + Math.round(columns - t.getWidth()) + " px of columns off with no scroll bar");
            }
        }
        if (node instanceof javafx.scene.control.ToolBar bar
                && bar.lookupAll(".tool-bar-overflow-button").stream().anyMatch(Node::isVisible)) {
            out.add(p.title() + ": ToolBar" + (bar.getId() == null ? "" : " #" + bar.getId())
                    + " hides items behind its overflow menu");
        }
        boolean scrolls = node instanceof javafx.scene.control.ScrollPane
                || node instanceof TableView<?>
                || node instanceof ListView<?>
                || node instanceof javafx.scene.control.TreeView<?>;
        if (node instanceof Parent parent && !scrolls) {
            parent.getChildrenUnmodifiable().forEach(c -> out.addAll(beyondTheWindow(p, c, width)));
        }
        return out;
    }

    private static final java.util.Set<String> WORKSPACE_BUILT =
            java.util.Set.of("indexes", "embeddings", "eval-runs", "runs", "nsw-workspace.properties");

    /**
     * A copy of a data folder's files only: not what a workspace opened there built (its indexes, embeddings, runs
     * and settings — the screenshot command leaves them in sample-data/, ignored by git), so every test starts fresh.
     */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path relative = from.relativize(f);
                if (relative.getNameCount() > 0
                        && WORKSPACE_BUILT.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
