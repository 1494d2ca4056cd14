package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.data.RecallRun;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.data.ScoredDoc;
import dev.nsw.eval.RetrievalMetrics;
import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.task.FxTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench's remaining gaps, on the real window (JavaFX's headless platform): the loading state while a
 * workspace opens, Compare's legend past 8 runs with rename and hide, hybrid runs and the Search panel's hybrid
 * list, the training charts when empty and when a run fails, and the dark theme's default button.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchGapsUiTest {
    static {
        System.clearProperty("testfx.headless");
        System.setProperty("testfx.robot", "glass");
    }

    @TempDir
    static Path dir;

    MainWindow window;
    RecordingDialogs dialogs = new RecordingDialogs();

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Settings.inMemory(), new FxTaskExecutor(), dialogs);
        stage.show();
    }

    private void waitLong(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(
                    "timed out; errors shown: " + dialogs.errors + ", status: "
                            + window.model().statusProperty().get(),
                    e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Path openSample(FxRobot robot) throws Exception {
        Path ws = TinyModel.copySample(dir.resolve("ws-" + System.nanoTime()));
        boolean[] visibleWhileOpening = {false};
        robot.interact(() -> {
            window.model().openWorkspace(ws);
            // set before the worker reads a byte: the window shows a progress state at once
            visibleWhileOpening[0] = robot.lookup("#workspace-loading").query().isVisible();
        });
        assertThat(visibleWhileOpening[0])
                .as("loading overlay while the workspace opens")
                .isTrue();
        assertThat(robot.lookup("#workspace-loading-text").queryAs(Label.class).getText())
                .contains(ws.getFileName().toString());
        waitLong(() -> window.model().evalSetProperty().get() != null
                && window.model().executor().running().isEmpty());
        assertThat(robot.lookup("#workspace-loading").query().isVisible()).isFalse();
        return ws;
    }

    @Test
    void compareLegendPastEightRunsRenameAndHide(FxRobot robot) throws Exception {
        openSample(robot);
        RetrievalDataset set = window.model().evalSetProperty().get();
        // 12 runs: each ranks the corpus rotated by i, so their Recall@K curves differ
        List<String> ids = set.corpus().documents().stream().map(d -> d.id()).toList();
        robot.interact(() -> {
            for (int i = 0; i < 12; i++) {
                Map<String, List<ScoredDoc>> rankings = new LinkedHashMap<>();
                for (int q = 0; q < set.queries().size(); q++) {
                    List<ScoredDoc> list = new ArrayList<>();
                    for (int r = 0; r < 50; r++) {
                        list.add(new ScoredDoc(ids.get((q * 7 + r * (i + 1)) % ids.size()), 50 - r));
                    }
                    rankings.put(set.queries().get(q).id(), list);
                }
                RecallRun run = new RecallRun("score", rankings);
                window.compare().addRun(new RunResult("run " + (i + 1), run, RetrievalMetrics.evaluate(set, run)));
            }
            window.select(Panel.COMPARE);
        });
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#recall-chart").queryAs(LineChart.class);
        javafx.scene.layout.Pane legend = robot.lookup("#recall-legend").queryAs(javafx.scene.layout.Pane.class);
        assertThat(chart.getData()).hasSize(12);
        assertThat(legend.getChildren()).hasSize(12);
        // every run its own colour, the same in the legend and on the line
        Set<Color> colours = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Label entry = (Label) legend.getChildren().get(i);
            assertThat(entry.getText()).isEqualTo("run " + (i + 1));
            Color c = (Color) ((Rectangle) entry.getGraphic()).getFill();
            colours.add(c);
            assertThat(chart.getData().get(i).getNode().getStyle())
                    .contains(String.format(
                            "#%02x%02x%02x",
                            Math.round(c.getRed() * 255),
                            Math.round(c.getGreen() * 255),
                            Math.round(c.getBlue() * 255)));
        }
        assertThat(colours).hasSize(12);

        // hide: untick run 3 in the table's "chart" column → gone from the chart and the legend
        TableView<?> table = robot.lookup("#metrics-table").queryTableView();
        robot.interact(() ->
                window.compare().shownProperty(window.compare().runs().get(2)).set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.getData()).hasSize(11).noneMatch(s -> s.getName().equals("run 3"));
        assertThat(legend.getChildren()).hasSize(11);
        robot.clickOn("#hide-unticked");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(11);
        robot.clickOn("#hide-unticked");

        // rename: select run 1, Rename…, type, Enter → the table, the chart and the saved settings follow
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#rename-run");
        WaitForAsyncUtils.waitForFxEvents();
        TextField editor = robot.lookup("#metrics-table .text-field").queryAs(TextField.class);
        robot.interact(() -> editor.setText("baseline (rotated)"));
        robot.clickOn(editor).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.compare().runs().getFirst().name()).isEqualTo("baseline (rotated)");
        assertThat(chart.getData().getFirst().getName()).isEqualTo("baseline (rotated)");
        assertThat(((Label) legend.getChildren().getFirst()).getText()).isEqualTo("baseline (rotated)");
        assertThat(robot.lookup("#run-settings").queryAs(Label.class).getText()).startsWith("baseline (rotated)");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void hybridRunInCompareAndHybridListInSearch(FxRobot robot) throws Exception {
        openSample(robot);
        ModelChoice tiny = ModelChoice.folder(TinyModel.write(dir.resolve("tiny-" + System.nanoTime())), null);
        robot.interact(() -> {
            window.model().catalogue().add(tiny);
            window.index().denseModelProperty().set(tiny);
            window.index().buildBm25().then(window.index()::buildDense);
        });
        waitLong(() -> window.model().denseProperty().get() != null
                && window.model().bm25Property().get() != null);

        robot.interact(() -> {
            window.select(Panel.COMPARE);
            window.compare().denseChoiceProperty().set(tiny);
        });
        // the sample has a dev split: the tuned weight is offered first (without one, the label-free weight)
        assertThat(robot.lookup("#compare-hybrid-kind").queryComboBox().getValue())
                .isEqualTo(CompareViewModel.HybridKind.CONVEX_TUNED);
        robot.interact(() -> robot.lookup("#compare-hybrid-kind")
                .queryComboBox()
                .getSelectionModel()
                .select(CompareViewModel.HybridKind.RRF));
        robot.clickOn("#run-hybrid");
        waitLong(() -> window.compare().runs().stream().anyMatch(r -> r.name().startsWith("hybrid RRF")));
        robot.interact(() -> robot.lookup("#compare-hybrid-kind")
                .queryComboBox()
                .getSelectionModel()
                .select(CompareViewModel.HybridKind.CONVEX_TUNED));
        robot.clickOn("#run-hybrid");
        waitLong(() -> window.compare().runs().stream().anyMatch(r -> r.name().contains("tuned on dev.csv")));
        RunResult tuned = window.compare().runs().stream()
                .filter(r -> r.name().contains("tuned on dev.csv"))
                .findFirst()
                .orElseThrow();
        TableView<?> metrics = robot.lookup("#metrics-table").queryTableView();
        robot.interact(
                () -> metrics.getSelectionModel().select(window.compare().runs().indexOf(tuned)));
        assertThat(robot.lookup("#run-settings").queryAs(Label.class).getText())
                .contains("weight ")
                .contains("tuned_on dev.csv")
                .contains("weight_from tuned on dev.csv")
                .contains("why convex fusion, dense weight");

        // Search: the tuned weight is on offer; the hybrid list shows both first-stage ranks
        robot.interact(() -> {
            window.select(Panel.SEARCH);
            window.search()
                    .queryProperty()
                    .set(window.model()
                            .evalSetProperty()
                            .get()
                            .queries()
                            .getFirst()
                            .text());
        });
        assertThat(window.search().fusions()).hasSize(3);
        robot.clickOn("#search-button");
        TableView<?> hybrid = robot.lookup("#hybrid-hits").queryTableView();
        waitLong(() -> !hybrid.getItems().isEmpty());
        assertThat(robot.lookup("#hybrid-title").queryAs(Label.class).getText())
                .contains("dense weight")
                .contains("dev.csv");
        assertThat(window.search().hybridHits())
                .hasSize(10)
                .allMatch(r -> r.scoreLabel().startsWith("fused "))
                .allMatch(r -> r.bm25Rank() > 0 || r.denseRank() > 0);
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void trainingChartsEmptyThenAFailedRunKeepsItsCurveAndMarksWhereItStopped(FxRobot robot) throws Exception {
        robot.interact(() -> window.select(Panel.TRAIN));
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> loss = robot.lookup("#train-loss-chart").queryAs(LineChart.class);
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> recall = robot.lookup("#train-recall-chart").queryAs(LineChart.class);
        // empty: a note, no invented 0–100 axis
        for (LineChart<Number, Number> c : List.of(loss, recall)) {
            assertThat(((NumberAxis) c.getYAxis()).isTickLabelsVisible()).isFalse();
            assertThat(((NumberAxis) c.getXAxis()).isTickLabelsVisible()).isFalse();
        }
        assertThat(robot.lookup("#train-loss-empty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#train-recall-empty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#train-recall-empty")
                        .queryAs(javafx.scene.control.Label.class)
                        .getText())
                .as("the note follows the view model's")
                .isEqualTo(window.train().devChartNoteProperty().get());

        openSample(robot);
        ModelChoice tiny = ModelChoice.folder(TinyModel.write(dir.resolve("tiny-" + System.nanoTime())), null);
        var train = window.train();
        robot.interact(() -> {
            window.model().catalogue().add(tiny);
            train.form().baseModelProperty().set(tiny);
            train.form().batchSizeProperty().set(8);
            train.form().maxStepsProperty().set(2);
            train.start();
        });
        waitLong(() -> !train.runningProperty().get());
        assertThat(train.runStatusProperty().get()).startsWith("Finished 2 steps");
        assertThat(loss.getData().getFirst().getData()).hasSize(2);
        assertThat(((NumberAxis) loss.getYAxis()).isTickLabelsVisible()).isTrue();
        assertThat(robot.lookup("#train-loss-empty").query().isVisible()).isFalse();
        assertThat(recall.getData().getFirst().getData()).isNotEmpty(); // epoch 0 (before training) and after

        // a finished run has nothing to resume
        assertThat(train.canResumeProperty().get()).isFalse();
        // Resume a run that stopped before its end (no final/ model) from a damaged checkpoint: the run fails; the
        // curve stays and a line marks step 2
        dev.nsw.io.AtomicFiles.deleteTree(train.runDirProperty().get().resolve("final"));
        Path optimizer = train.runDirProperty().get().resolve("checkpoint").resolve("optimizer.safetensors");
        assertThat(optimizer).exists();
        Files.writeString(optimizer, "not a safetensors file");
        robot.interact(() -> {
            train.form().maxStepsProperty().set(4);
            train.resume();
        });
        waitLong(() -> !train.runningProperty().get() && !dialogs.errors.isEmpty());
        assertThat(train.failedAtStepProperty().get()).isEqualTo(2);
        assertThat(train.runStatusProperty().get()).startsWith("Training failed at step 2");
        assertThat(loss.getData().getFirst().getData()).hasSize(2); // what was drawn is kept
        assertThat(loss.getData()).hasSize(2);
        var marker = loss.getData().get(1);
        assertThat(marker.getName()).isEqualTo("stopped at step 2");
        assertThat(marker.getData()).extracting(d -> d.getXValue().longValue()).containsExactly(2L, 2L);
        assertThat(loss.getTitle()).isEqualTo("Loss — run failed at step 2");
    }

    @Test
    void darkThemeDefaultButtonIsReadable(FxRobot robot) {
        showDark(robot, Panel.INDEX);
        Button build = robot.lookup("#build-bm25").queryButton();
        assertThat(build.isDefaultButton()).isTrue();
        robot.interact(() -> {
            build.applyCss();
            build.layout();
        });
        Color text = (Color) build.getTextFill();
        var fills = build.getBackground().getFills();
        Color background = fills.get(fills.size() - 1).getFill() instanceof Color c
                ? c
                : ((javafx.scene.paint.LinearGradient)
                                fills.get(fills.size() - 1).getFill())
                        .getStops()
                        .getFirst()
                        .getColor();
        assertReadable(text, background);
        robot.interact(() -> window.setTheme(Theme.LIGHT));
    }

    @Test
    void darkThemeDocumentTextIsReadable(FxRobot robot) {
        showDark(robot, Panel.SEARCH);
        javafx.scene.text.TextFlow flow = robot.lookup("#document-text").query();
        // a run of the document's text as the pane writes it (plain Text, no Label: black unless the style says)
        javafx.scene.text.Text run = new javafx.scene.text.Text("公司邮箱的密码忘记了");
        run.getStyleClass().add("document-text");
        robot.interact(() -> {
            flow.getChildren().add(run);
            window.scene().getRoot().applyCss();
        });
        Color text = (Color) run.getFill();
        var rootFills = ((javafx.scene.layout.Region) window.scene().getRoot())
                .getBackground()
                .getFills();
        Color background = (Color) rootFills.get(rootFills.size() - 1).getFill();
        assertReadable(text, background);
        robot.interact(() -> {
            flow.getChildren().remove(run);
            window.setTheme(Theme.LIGHT);
        });
    }

    private void showDark(FxRobot robot, Panel panel) {
        robot.interact(() -> {
            window.setTheme(Theme.DARK);
            window.select(panel);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), relative luminance from linearised sRGB: 4.5 is AA for text. */
    private static void assertReadable(Color text, Color background) {
        double ratio = (Math.max(luminance(text), luminance(background)) + 0.05)
                / (Math.min(luminance(text), luminance(background)) + 0.05);
        assertThat(ratio).as("contrast of %s on %s", text, background).isGreaterThanOrEqualTo(4.5);
    }

    private static double luminance(Color c) {
        double[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }
}
