package dev.nsw.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nsw.gui.task.FxTaskExecutor;
import dev.nsw.gui.task.RunningJob;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real window on JavaFX's headless platform: keyboard, clicks, worker threads and all. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
    static {
        // surefire passes -Dtestfx.headless=true, which makes TestFX look for Monocle; JavaFX 26's own
        // headless glass platform (-Dglass.platform=Headless) needs no Monocle, only the glass robot.
        System.clearProperty("testfx.headless");
        System.setProperty("testfx.robot", "glass");
    }

    @TempDir
    static Path dir;

    static Path ws;

    MainWindow window;
    RecordingDialogs dialogs = new RecordingDialogs();

    @Start
    void start(Stage stage) throws Exception {
        ws = TinyData.write(dir.resolve("ws"));
        Settings settings = Settings.inMemory();
        settings.addRecentWorkspace(ws);
        window = new MainWindow(stage, settings, new FxTaskExecutor(), dialogs);
        stage.show();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void openBuildSearchCompareAnnotate(FxRobot robot) throws Exception {
        // Open: File ▸ Recent workspaces ▸ the tiny workspace
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu recent = (javafx.scene.control.Menu) bar.getMenus().getFirst().getItems().stream()
                .filter(i -> "Recent workspaces".equals(i.getText()))
                .findFirst()
                .orElseThrow();
        assertThat(recent.getItems())
                .singleElement()
                .extracting(javafx.scene.control.MenuItem::getText)
                .isEqualTo(ws.toAbsolutePath().normalize().toString());
        robot.interact(() -> recent.getItems().getFirst().fire());
        waitUntil(() -> window.model().evalSetProperty().get() != null
                && window.datasets().entries().size() == 4
                && window.annotate().items().size() == 6);
        assertThat(robot.lookup("#dataset-list").queryListView().getItems()).hasSize(4);

        // Index: Ctrl+3, Build
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        robot.clickOn("#build-bm25");
        waitUntil(() -> window.model().bm25Property().get() != null);
        assertThat(robot.lookup("#bm25-status").queryAs(Label.class).getText()).contains("24 documents");

        // Search: Ctrl+4, a test query, Ctrl+Enter
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        String query = TinyData.testQueries(ws).getFirst();
        TextField box = robot.lookup("#search-query").queryAs(TextField.class);
        robot.interact(() -> box.setText(query));
        robot.clickOn(box);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        TableView<?> hits = robot.lookup("#bm25-hits").queryTableView();
        waitUntil(() -> !hits.getItems().isEmpty());
        assertThat(window.search().bm25Hits()).anyMatch(h -> h.gold());
        assertThat(robot.lookup("#search-note").queryAs(Label.class).getText()).contains("gold target marked");

        // Compare: Ctrl+5, run BM25 → one table row
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        robot.clickOn("#run-bm25");
        TableView<?> metrics = robot.lookup("#metrics-table").queryTableView();
        waitUntil(() -> metrics.getItems().size() == 1);

        // Annotate: Ctrl+6, keys 1 / 0 / K / J / Ctrl+Z
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        robot.clickOn("#annotate-card");
        robot.type(KeyCode.DIGIT0);
        robot.type(KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.annotate().items().get(0).label()).isZero();
        assertThat(window.annotate().items().get(1).label()).isOne();
        assertThat(window.annotate().indexProperty().get()).isEqualTo(2);
        robot.type(KeyCode.K);
        robot.type(KeyCode.K);
        assertThat(window.annotate().indexProperty().get()).isZero();
        robot.type(KeyCode.J);
        assertThat(window.annotate().indexProperty().get()).isEqualTo(1);
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.annotate().items().get(1).label()).isZero(); // back to the file's label
        assertThat(robot.lookup("#annotate-counts").queryAs(Label.class).getText())
                .contains("1 changed from the file");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void denseIndexSearchAndTrainingWithLiveChartsAndCancel(FxRobot robot) throws Exception {
        Path sample = TinyModel.copySample(dir.resolve("sample-" + System.nanoTime()));
        robot.interact(() -> window.model().openWorkspace(sample));
        waitUntil(() -> window.model().evalSetProperty().get() != null
                && window.model().evalSetProperty().get().corpus().size() == 330);

        // Index: build the dense index with the bundled bge-small-zh (HNSW, recipe M/efC/ef 100)
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        // on a loaded machine the panel may not be drawn yet when the robot clicks: a click on a button not shown (or
        // still disabled) is lost and the wait below ran out once (180 s, no job started, no error)
        waitUntil(() -> {
            javafx.scene.Node button = robot.lookup("#build-dense").query();
            return button.getScene() != null && button.isVisible() && !button.isDisabled();
        });
        robot.clickOn("#build-dense");
        java.util.concurrent.Callable<Boolean> started =
                () -> window.model().denseProperty().get() != null
                        || window.index().denseStatusProperty().get().startsWith("Building");
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, started);
        } catch (java.util.concurrent.TimeoutException lost) {
            // Seen twice in the full suite on a loaded 2-core VM, never alone: the robot's click reached no button
            // (the panel's layout test covers where the button is drawn). This test is about the workflow after it.
            System.out.println("WorkbenchUiTest: the click on #build-dense started nothing; firing the button");
            robot.interact(() -> robot.lookup("#build-dense").queryButton().fire());
            waitUntil(started);
        }
        waitLong(() -> window.model().denseProperty().get() != null);
        assertThat(robot.lookup("#dense-status").queryAs(Label.class).getText())
                .contains("330 vectors × 512 dims")
                .contains("ANN recall@10 vs exact search")
                .contains("saved to");

        // Search: the dense side answers with cosine scores
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        String query =
                window.model().evalSetProperty().get().queries().getFirst().text();
        TextField box = robot.lookup("#search-query").queryAs(TextField.class);
        robot.interact(() -> box.setText(query));
        robot.clickOn(box);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        TableView<?> dense = robot.lookup("#dense-hits").queryTableView();
        waitUntil(() -> !dense.getItems().isEmpty());
        assertThat(window.search().denseHits()).allMatch(h -> h.scoreLabel().startsWith("cosine "));
        assertThat(window.search().denseTitleProperty().get()).startsWith("Dense bge-small-zh-v1.5");

        // Train: a 2-step in-batch run; the loss chart gets its points
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        var train = window.train();
        robot.interact(() -> {
            train.form().batchSizeProperty().set(8);
            train.form().maxStepsProperty().set(2);
        });
        robot.clickOn("#train-start");
        @SuppressWarnings("unchecked")
        javafx.scene.chart.LineChart<Number, Number> loss =
                robot.lookup("#train-loss-chart").queryAs(javafx.scene.chart.LineChart.class);
        waitLong(() -> !train.runningProperty().get());
        assertThat(train.runStatusProperty().get()).startsWith("Finished 2 steps");
        assertThat(loss.getData().getFirst().getData()).hasSize(2);
        assertThat(train.chartUpdates()).isBetween(1, 2 + 3); // batched: never more than one per event

        // Cancel a full run after its first step
        robot.interact(() -> train.form().maxStepsProperty().set(0));
        robot.clickOn("#train-start");
        waitLong(() -> !train.points().isEmpty());
        robot.clickOn("#train-cancel");
        waitLong(() -> !train.runningProperty().get());
        assertThat(train.runStatusProperty().get()).startsWith("Cancelled after step");
        assertThat(dialogs.errors).isEmpty();
    }

    private void waitLong(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            // Say what the window showed, so a timeout on a busy machine is told apart from a failed job.
            throw new AssertionError(
                    "timed out; errors shown: " + dialogs.errors + ", status: "
                            + window.model().statusProperty().get() + ", dense index: "
                            + window.index().denseStatusProperty().get(),
                    e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void fxThreadStaysResponsiveWhileALongJobRunsAndCancelStopsIt(FxRobot robot) throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        robot.interact(() -> window.model()
                .executor()
                .job("Slow fake job", (progress, token) -> {
                    started.countDown();
                    long end = System.nanoTime() + 20_000_000_000L;
                    long step = 0;
                    while (System.nanoTime() < end) {
                        token.check();
                        progress.progress(++step, 2_000_000, "step " + step); // floods: must be coalesced
                        if (step % 5_000 == 0) {
                            Thread.sleep(1);
                        }
                    }
                    return step;
                })
                .onSuccess(r -> finished.set(true))
                .onFailure(e -> {})
                .onCancelled(() -> cancelled.set(true))
                .start());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        HBox jobs = robot.lookup("#status-jobs").queryAs(HBox.class);
        waitUntil(() -> jobs.getChildren().size() == 1); // the status bar shows the job (first layout done)
        long worst = 0;
        java.util.List<Long> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            CountDownLatch roundTrip = new CountDownLatch(1);
            Platform.runLater(roundTrip::countDown);
            assertThat(roundTrip.await(2, TimeUnit.SECONDS)).isTrue();
            worst = Math.max(worst, System.nanoTime() - t0);
            samples.add((System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(40);
        }
        System.out.println("runLater round trips during the job (ms): " + samples + ", worst " + worst / 1_000_000);
        // Work on the FX thread would hold a round trip for as long as the 20 s job runs, so each 2 s await
        // above would fail; and every round trip came back while the job was still running. No wall-clock
        // bound beyond that: on the shared 2-core build machine scheduling stalls of a second happen, and
        // how fast the UI answers is measured by a benchmark, not asserted here (the samples are printed).
        assertThat(finished.get())
                .as("the 20 s job was still running during the round trips")
                .isFalse();
        assertThat(cancelled.get()).isFalse();

        assertThat(jobs.getChildren()).hasSize(1);
        RunningJob job = window.model().executor().running().getFirst();
        assertThat(job.progressProperty().get()).isGreaterThan(0);
        robot.clickOn("Cancel");
        waitUntil(cancelled::get);
        assertThat(finished.get()).isFalse();
        waitUntil(() -> jobs.getChildren().isEmpty());
    }

    @Test
    void themeToggleAndPanelShortcuts(FxRobot robot) {
        assertThat(window.theme()).isEqualTo(Theme.LIGHT);
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.theme()).isEqualTo(Theme.DARK);
        assertThat(window.scene().getStylesheets()).anyMatch(s -> s.endsWith("dark.css"));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().requests().panelProperty().get()).isEqualTo(Panel.TRAIN);
        assertThat(robot.lookup("#train-start").queryButton().isDisabled()).isTrue(); // no workspace open yet
    }
}
