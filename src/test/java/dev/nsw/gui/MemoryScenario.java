package dev.nsw.gui;

import dev.nsw.gui.compare.CompareViewModel;
import dev.nsw.gui.task.FxTaskExecutor;
import dev.nsw.gui.task.JobHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * A person's session with the real workbench, in a process of its own so that its whole resident memory is
 * measured (what a user sees in their task manager, native libraries and model weights included): open a workspace
 * → BM25 and a dense index → a search → Compare's BM25 and dense runs → the Map → Scores → a training run →
 * Compare's run of the trained model (its ONNX graph built) → switch to a second workspace and index it → back to
 * the first. Every 100 ms the process's {@code VmRSS} is sampled; each step prints {@code step <ms> <name> <MB>},
 * each second {@code rss <s> <MB>} (the highest sample of that second), the end {@code peak <MB>} ({@code VmHWM}, the
 * kernel's high-water mark). {@code MemoryScenarioTest} runs it with
 * the launcher's JVM options; run by hand on a larger set for the curve:
 *
 * <pre>
 * java [the launcher's options] -cp … dev.nsw.gui.MemoryScenario WORKSPACE_A WORKSPACE_B TRAIN_STEPS
 * </pre>
 */
public final class MemoryScenario {
    private MemoryScenario() {}

    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        int steps = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        Thread sampler = new Thread(
                () -> {
                    // the curve: the highest RSS of each second
                    long second = 0;
                    long highest = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        highest = Math.max(highest, kb("VmRSS"));
                        long now = (System.nanoTime() - start) / 1_000_000_000L;
                        if (now > second) {
                            System.out.printf(Locale.ROOT, "rss %d %d%n", second, highest / 1024);
                            second = now;
                            highest = 0;
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RecordingDialogs dialogs = new RecordingDialogs();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            MainWindow w = new MainWindow(stage, Settings.inMemory(), new FxTaskExecutor(), dialogs);
            stage.setWidth(1280);
            stage.setHeight(820);
            stage.show();
            run(w, a, b, steps, start).whenFinished(done::countDown).whenFinished(() -> {
                if (!dialogs.errors.isEmpty()) {
                    failure.set(new IllegalStateException(String.join("; ", dialogs.errors)));
                }
            });
        });
        if (!done.await(Long.getLong("nsw.scenario.timeout.s", 900), TimeUnit.SECONDS)) {
            System.out.println("error: the scenario did not finish");
            System.exit(1);
        }
        mark(start, "end");
        System.out.printf(Locale.ROOT, "peak %d%n", kb("VmHWM") / 1024);
        if (failure.get() != null) {
            System.out.println("error: " + failure.get().getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** The session; each step waits for the last one's jobs. */
    private static JobHandle run(MainWindow w, Path a, Path b, int steps, long start) {
        ModelChoice[] trained = new ModelChoice[1];
        return step(w, start, "open " + a.getFileName(), () -> w.model().openWorkspace(a))
                .then(() -> step(w, start, "BM25 index", w.index()::buildBm25))
                .then(() -> step(w, start, "dense index", w.index()::buildDense))
                .then(() -> step(w, start, "search", () -> {
                    w.search()
                            .queryProperty()
                            .set(w.model()
                                    .evalSetProperty()
                                    .get()
                                    .queries()
                                    .getFirst()
                                    .text());
                    return w.search().search();
                }))
                .then(() -> step(w, start, "Compare BM25", w.compare()::runBm25))
                .then(() -> step(
                        w,
                        start,
                        "Compare dense",
                        () -> w.compare()
                                .runDense(w.compare().denseChoiceProperty().get())))
                .then(() -> step(w, start, "Map", w.map()::draw))
                .then(() -> step(w, start, "Scores", w.scores()::compute))
                .then(() -> step(w, start, "train " + steps + " steps", () -> {
                    w.train().form().batchSizeProperty().set(32);
                    w.train().form().maxStepsProperty().set(steps);
                    return w.train().start();
                }))
                .then(() -> step(w, start, "Compare trained", () -> {
                    trained[0] = w.model().catalogue().models().stream()
                            .filter(ModelChoice::trained)
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("training wrote no model"));
                    return w.compare().runDense(trained[0]);
                }))
                .then(() -> step(w, start, "Map before/after", () -> {
                    w.map().afterProperty().set(trained[0]);
                    return w.map().draw();
                }))
                .then(() -> step(
                        w, start, "open " + b.getFileName(), () -> w.model().openWorkspace(b)))
                .then(() -> step(w, start, "BM25 index", w.index()::buildBm25))
                .then(() -> step(w, start, "dense index", w.index()::buildDense))
                .then(() -> step(
                        w,
                        start,
                        "hybrid",
                        () -> w.compare()
                                .runHybrid(w.compare().denseChoiceProperty().get(), CompareViewModel.HybridKind.RRF)))
                .then(() -> step(
                        w,
                        start,
                        "open " + a.getFileName() + " again",
                        () -> w.model().openWorkspace(a)))
                .then(() -> waitForJobs(w, start, "reloaded"));
    }

    /** Runs {@code action} once the executor is idle (reloads after an open finish first), then says the RSS. */
    private static JobHandle step(MainWindow w, long start, String name, Supplier<JobHandle> action) {
        return waitForJobs(w, start, null).then(() -> {
            JobHandle h = action.get();
            h.whenFinished(() -> mark(start, name));
            return h;
        });
    }

    /**
     * A handle that ends when no other job runs (the reloads an open starts are jobs of their own): a job that
     * waits while the executor lists more jobs than itself.
     */
    private static JobHandle waitForJobs(MainWindow w, long start, String name) {
        var running = w.model().executor().running();
        java.util.concurrent.atomic.AtomicBoolean idle = new java.util.concurrent.atomic.AtomicBoolean();
        javafx.collections.ListChangeListener<Object> watch = c -> idle.set(running.size() <= 1);
        running.addListener(watch);
        return w.model()
                .executor()
                .job("wait for the panels", (progress, cancel) -> {
                    while (!idle.get()) {
                        Thread.sleep(50);
                    }
                    return Boolean.TRUE;
                })
                .onFinished(() -> {
                    running.removeListener(watch);
                    if (name != null) {
                        mark(start, name);
                    }
                })
                .start();
    }

    private static void mark(long start, String name) {
        System.out.printf(
                Locale.ROOT, "step %d %s %d%n", (System.nanoTime() - start) / 1_000_000, name, kb("VmRSS") / 1024);
    }

    /** A {@code /proc/self/status} value in kB ({@code VmRSS}, {@code VmHWM}). */
    static long kb(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : lines) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
