package dev.nsw.gui;

import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.gui.task.JobHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;

/**
 * Scripted runs of the real window for the installer check ({@code nsw gui --smoke_test}) and for the
 * README screenshots ({@code --screenshot_dir}). Both go through the same view models a person clicks.
 */
final class AutoRun {
    /** How long a smoke test or screenshot run may take (-Dnsw.autorun.timeout.s=N on a busy machine). */
    private static final long TIMEOUT_MS = 1000L * Long.getLong("nsw.autorun.timeout.s", 420);

    private AutoRun() {}

    static void smokeTest(MainWindow w, Path workspace) {
        watchdog();
        Path ws = workspace != null ? workspace : WorkbenchModel.sampleWorkspace();
        if (ws == null) {
            fail(
                    "the sample workspace sample-data/zh-helpdesk was not found (run from the project folder or set -Dnsw.home)",
                    null);
            return;
        }
        long start = System.nanoTime();
        w.openStartWorkspace(ws).then(() -> {
            RetrievalDataset set = w.model().evalSetProperty().get();
            if (set == null || set.queries().isEmpty()) {
                fail(ws + " has no evaluation set (test.csv + corpus.csv)", null);
                return JobHandle.notStarted();
            }
            Query q = set.queries().getFirst();
            return w.index()
                    .buildBm25()
                    .then(() -> {
                        w.search().queryProperty().set(q.text());
                        w.select(Panel.SEARCH);
                        return w.search().search();
                    })
                    .whenSucceeded(() -> {
                        int hits = w.search().bm25Hits().size();
                        if (hits == 0) {
                            fail("BM25 returned no hits for '" + q.text() + "'", null);
                            return;
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "nsw: smoke test passed: %s, %,d documents, BM25 returned %d hits for \"%s\" (%.1f s)%n",
                                ws,
                                set.corpus().size(),
                                hits,
                                q.text(),
                                (System.nanoTime() - start) / 1e9);
                        WorkbenchApp.exit(0);
                    });
        });
    }

    static void screenshots(MainWindow w, Path workspace, Path dir) {
        watchdog();
        Path ws = workspace != null ? workspace : WorkbenchModel.sampleWorkspace();
        if (ws == null) {
            fail("no workspace for screenshots (give --workspace DIR)", null);
            return;
        }
        String[] query = new String[1];
        w.openStartWorkspace(ws)
                .then(() -> {
                    if (w.model().evalSetProperty().get() == null) {
                        fail(ws + " has no evaluation set", null);
                        return JobHandle.notStarted();
                    }
                    return w.index().buildBm25();
                })
                .then(w.compare()::runBm25)
                .then(() -> {
                    // a second analyzer to compare with: character bigrams for Chinese, no stemming for English
                    boolean cjk = w.model().bm25Property().get() != null
                            && w.model().bm25Property().get().options().analyzer()
                                    != dev.nsw.lexical.LexicalAnalyzer.ENGLISH;
                    w.index().analyzerProperty().set(cjk ? "cjk-bigram" : "standard");
                    return w.index().buildBm25();
                })
                .then(w.compare()::runBm25)
                .then(() -> {
                    w.compare().kProperty().set(1);
                    query[0] = w.compare().winLoss().isEmpty()
                            ? w.model()
                                    .evalSetProperty()
                                    .get()
                                    .queries()
                                    .getFirst()
                                    .text()
                            : w.compare().winLoss().getFirst().query();
                    w.search().queryProperty().set(query[0]);
                    return w.search().search();
                })
                .whenSucceeded(() -> {
                    if (w.annotate().items().isEmpty()) {
                        w.search().annotateHits();
                    }
                    w.annotate().label(1);
                    w.annotate().label(0);
                    w.annotate().label(0);
                    w.datasets().entries().stream()
                            // the corpus: its token lengths and the max length chosen from them are shown too
                            .filter(e ->
                                    e.name().equals("corpus.csv") || e.path().equals(ws.toAbsolutePath()))
                            .findFirst()
                            .ifPresent(e -> w.datasets().selectedProperty().set(e));
                    dense(w, ws, dir, query[0], shotPrefix(ws));
                });
    }

    /**
     * System property naming a local engine's data folder: with it, {@code --screenshot_dir} shoots the engine pictures
     * ({@link #engineScreenshots}) instead of every panel.
     */
    static final String ENGINE_SHOTS = "nsw.screenshots.engine";

    /**
     * The README's engine pictures: {@code workspace} names an engine index (its Index panel's Engine section, the
     * local cluster of {@code clusterFolder} running); its local indexes are built, a test query is searched with the
     * engine's lists and a hit opened, and the Index panel (scrolled to the Engine section) and Search are shot at
     * 1024×700 and 1600×1000 as {@code screenshot-engine-index-…} and {@code screenshot-engine-search-…}.
     */
    static void engineScreenshots(MainWindow w, Path workspace, Path clusterFolder, Path dir) {
        watchdog();
        w.openStartWorkspace(workspace)
                .then(() -> {
                    if (w.model().engine().namedProperty().get() == null) {
                        fail(workspace + " names no engine (Index panel, Engine section)", null);
                        return JobHandle.notStarted();
                    }
                    w.index().engine().clusterFolderProperty().set(clusterFolder.toString());
                    return w.index().buildBm25();
                })
                .then(w.index()::buildDense)
                .then(() -> w.model().engine().connect())
                .then(() -> w.index().engine().refreshStatus())
                .then(() -> w.index().engine().clusterStatus())
                .then(() -> {
                    // a test query whose gold text BM25 finds near the top: the pictures show a gold mark
                    RetrievalDataset set = w.model().evalSetProperty().get();
                    var local = new dev.nsw.retrieval.Bm25Retriever(
                            w.model().bm25Property().get());
                    String query = set.queries().stream()
                            .filter(q -> local.search(q.text(), 3).stream()
                                    .anyMatch(d -> set.relevant(q.id()).contains(d.docId())))
                            .map(Query::text)
                            .findFirst()
                            .orElse(set.queries().getFirst().text());
                    w.search().queryProperty().set(query);
                    return w.search().search();
                })
                .then(() -> w.search().bm25Hits().isEmpty()
                        ? JobHandle.succeeded()
                        : w.search()
                                .showDocument(
                                        w.search().bm25Hits().stream()
                                                .filter(h -> h.gold())
                                                .findFirst()
                                                .orElse(w.search().bm25Hits().getFirst())
                                                .docId(),
                                        "Selected hit"))
                .whenSucceeded(() -> {
                    if (!w.model().engine().problemProperty().get().isEmpty()) {
                        fail(w.model().engine().problemProperty().get(), null);
                        return;
                    }
                    Deque<Shot> shots = new ArrayDeque<>();
                    for (int[] size : new int[][] {{1024, 700}, {1600, 1000}}) {
                        for (Panel p : new Panel[] {Panel.INDEX, Panel.SEARCH}) {
                            String name = "screenshot-engine-" + p.name().toLowerCase(Locale.ROOT) + "-" + size[0] + "x"
                                    + size[1];
                            shots.add(new Shot(p, name, Theme.LIGHT, size[0], size[1]));
                        }
                    }
                    next(w, dir, shots);
                });
    }

    /** Scrolls the scroll pane around {@code id} so that it starts at the top of the view (the Engine section). */
    private static void scrollIntoView(javafx.scene.Scene scene, String id) {
        javafx.scene.Node target = scene.lookup("#" + id);
        javafx.scene.Node n = target;
        while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
            n = n.getParent();
        }
        if (target == null || !(n instanceof javafx.scene.control.ScrollPane pane)) {
            return;
        }
        pane.layout();
        double contentHeight = pane.getContent().getBoundsInLocal().getHeight();
        double viewHeight = pane.getViewportBounds().getHeight();
        double top = pane.getContent()
                .sceneToLocal(target.localToScene(target.getBoundsInLocal()))
                .getMinY();
        pane.setVvalue(contentHeight <= viewHeight ? 0 : Math.min(1, top / (contentHeight - viewHeight)));
    }

    /**
     * What the screenshots of {@code ws} are called: {@code screenshot-…} for the bundled sample (the README's
     * pictures), else the workspace folder's name ({@code scifact-search-1024x700.png}).
     */
    static String shotPrefix(Path ws) {
        Path sample = WorkbenchModel.sampleWorkspace();
        boolean isSample = sample != null
                && ws.toAbsolutePath()
                        .normalize()
                        .equals(sample.toAbsolutePath().normalize());
        return isSample
                ? "screenshot"
                : ws.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The dense half of the screenshot script: dense index with the pretrained model, the query again (both
     * sides), a short in-batch training run with live charts, dense runs of the pretrained and the trained
     * model in Compare, hybrid runs, the trained model's score distribution, the map, and a document in the
     * document pane; then the screenshots.
     */
    private static void dense(MainWindow w, Path ws, Path dir, String query, String prefix) {
        ModelChoice pretrained = w.compare().denseChoiceProperty().get();
        boolean sample = prefix.equals("screenshot");
        ModelChoice[] trained = new ModelChoice[1];
        w.index()
                .buildDense()
                .then(w.search()::search)
                .then(() -> w.compare().runDense(pretrained))
                .then(() -> {
                    var t = w.train();
                    t.form().batchSizeProperty().set(32); // as ./nsw demo: 2 epochs of the helpdesk sample
                    t.form().epochsProperty().set(2);
                    if (!sample) {
                        t.form().maxStepsProperty().set(20); // enough for the charts on a larger set
                    }
                    w.select(Panel.TRAIN);
                    // a set without training pairs (a BEIR folder without train.csv) is shown untrained
                    return Files.isRegularFile(
                                    ws.resolve(t.form().strategyProperty().get().trainFile()))
                            ? t.start()
                            : JobHandle.succeeded();
                })
                .then(() -> {
                    trained[0] = w.model().catalogue().models().stream()
                            .filter(ModelChoice::trained)
                            .findFirst()
                            .orElse(null);
                    return trained[0] == null
                            ? JobHandle.succeeded()
                            : w.compare().runDense(trained[0]);
                })
                .then(() -> w.compare().runHybrid(pretrained, dev.nsw.gui.compare.CompareViewModel.HybridKind.RRF))
                .then(() ->
                        w.compare().runHybrid(pretrained, dev.nsw.gui.compare.CompareViewModel.HybridKind.LABEL_FREE))
                .then(() -> w.compare().tuningRefusalProperty().get().isEmpty()
                        ? w.compare()
                                .runHybrid(pretrained, dev.nsw.gui.compare.CompareViewModel.HybridKind.CONVEX_TUNED)
                        : JobHandle.succeeded())
                .then(() -> {
                    w.compare()
                            .runAProperty()
                            .set(w.compare().runs().stream()
                                    .filter(r -> r.name().startsWith("dense bge"))
                                    .findFirst()
                                    .orElse(null));
                    w.compare().runBProperty().set(w.compare().runs().getLast());
                    w.compare().kProperty().set(1);
                    w.scores().modelChoiceProperty().set(trained[0] == null ? pretrained : trained[0]);
                    return w.scores().compute();
                })
                .then(() -> {
                    // the document pane: a test query BM25 answers, its gold text with Lucene's explanation and the
                    // dense tokens
                    w.search().queryProperty().set(bm25Answers(w, query));
                    return w.search().search();
                })
                .then(() -> map(w, pretrained, trained[0]))
                .then(() -> {
                    String doc = w.search().bm25Hits().stream()
                            .filter(h -> h.gold())
                            .map(h -> h.docId())
                            .findFirst()
                            .orElse(
                                    w.search().bm25Hits().isEmpty()
                                            ? null
                                            : w.search().bm25Hits().getFirst().docId());
                    return doc == null ? JobHandle.succeeded() : w.search().showDocument(doc, "Selected hit");
                })
                .whenSucceeded(() -> shootAll(w, dir, prefix));
    }

    /** The Map panel: the pretrained model before and the trained one after, with a missed query selected. */
    private static JobHandle map(MainWindow w, ModelChoice pretrained, ModelChoice trained) {
        var map = w.map();
        map.beforeProperty().set(pretrained);
        map.afterProperty().set(trained);
        return map.draw().whenSucceeded(() -> {
            var v = map.current();
            for (int i = 0; i < v.queries().size(); i++) {
                if (!v.queries().get(i).found()) {
                    map.select(v.documents().size() + i);
                    break;
                }
            }
        });
    }

    /** The first test query whose gold text the current BM25 index finds in its top 3, else {@code fallback}. */
    private static String bm25Answers(MainWindow w, String fallback) {
        RetrievalDataset set = w.model().evalSetProperty().get();
        // the last BM25 run is the one of the index the Search panel queries
        var bm25 = w.compare().runs().stream()
                .filter(r -> r.name().startsWith("BM25"))
                .reduce((a, b) -> b)
                .orElse(null);
        if (set == null || bm25 == null) {
            return fallback;
        }
        for (Query q : set.queries()) {
            int rank =
                    dev.nsw.eval.RetrievalMetrics.firstRelevantRank(bm25.run().ranking(q.id()), set.relevant(q.id()));
            if (rank >= 1 && rank <= 3) {
                return q.text();
            }
        }
        return fallback;
    }

    /** A screenshot; {@code width} 0 keeps the window's size, else the window is resized to width × height first. */
    private record Shot(Panel panel, String name, Theme theme, int width, int height) {
        Shot(Panel panel, String name, Theme theme) {
            this(panel, name, theme, 0, 0);
        }
    }

    /**
     * Every panel at the smallest size it must be usable at (1024×700) and on a large screen (1600×1000); for the
     * bundled sample also the README's pictures at the window's own size, the map after training and the dark theme.
     */
    private static void shootAll(MainWindow w, Path dir, String prefix) {
        Deque<Shot> shots = new ArrayDeque<>();
        if (prefix.equals("screenshot")) {
            for (Panel p : Panel.values()) {
                shots.add(new Shot(p, prefix + "-" + p.name().toLowerCase(Locale.ROOT), Theme.LIGHT));
            }
            shots.add(new Shot(Panel.MAP, prefix + "-map-after", Theme.LIGHT));
            shots.add(new Shot(Panel.SEARCH, prefix + "-search-dark", Theme.DARK));
        }
        for (int[] size : new int[][] {{1024, 700}, {1600, 1000}}) {
            for (Panel p : Panel.values()) {
                shots.add(new Shot(
                        p,
                        prefix + "-" + p.name().toLowerCase(Locale.ROOT) + "-" + size[0] + "x" + size[1],
                        Theme.LIGHT,
                        size[0],
                        size[1]));
            }
        }
        next(w, dir, shots);
    }

    private static void next(MainWindow w, Path dir, Deque<Shot> shots) {
        Shot s = shots.poll();
        if (s == null) {
            System.out.println("nsw: screenshots written to " + dir);
            WorkbenchApp.exit(0);
            return;
        }
        w.setTheme(s.theme());
        if (s.width() > 0) {
            w.stage().setWidth(s.width());
            w.stage().setHeight(s.height());
        }
        w.select(s.panel());
        w.map().shownProperty().set(s.name().endsWith("map-after") ? 1 : 0);
        PauseTransition settle = new PauseTransition(Duration.millis(700));
        settle.setOnFinished(e -> {
            if (s.name().contains("engine-index")) {
                scrollIntoView(w.scene(), "engine-section");
                w.scene().getRoot().layout();
            }
            try {
                Files.createDirectories(dir);
                SnapshotExport.writePng(w.scene(), dir.resolve(s.name() + ".png"));
            } catch (Exception ex) {
                fail("cannot write the screenshot of " + s.name(), ex);
                return;
            }
            next(w, dir, shots);
        });
        settle.play();
    }

    static void fail(String message, Throwable error) {
        System.err.println("nsw: gui check failed: " + message);
        if (error != null && Boolean.getBoolean("nsw.debug")) {
            error.printStackTrace();
        }
        WorkbenchApp.exit(1);
    }

    private static void watchdog() {
        Thread t = new Thread(
                () -> {
                    try {
                        Thread.sleep(TIMEOUT_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.err.println("nsw: gui check failed: no result within " + TIMEOUT_MS / 1000 + " s");
                    Runtime.getRuntime().halt(1);
                },
                "nsw-watchdog");
        t.setDaemon(true);
        t.start();
        Platform.setImplicitExit(true);
    }
}
