package dev.nsw.gui;

import static dev.nsw.gui.WorkspaceSwitchUiTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nsw.data.Corpus;
import dev.nsw.data.Document;
import dev.nsw.data.Query;
import dev.nsw.data.RetrievalDataset;
import dev.nsw.encoder.InferenceRuntime;
import dev.nsw.encoder.TextEncoder;
import dev.nsw.engine.EngineClient;
import dev.nsw.engine.EngineCluster;
import dev.nsw.engine.EngineIndex;
import dev.nsw.eval.RunSignificance;
import dev.nsw.gui.compare.RunResult;
import dev.nsw.gui.index.EngineViewModel;
import dev.nsw.gui.search.HitRow;
import dev.nsw.gui.task.FxTaskExecutor;
import dev.nsw.job.CancellationToken;
import dev.nsw.job.ProgressListener;
import dev.nsw.lexical.Bm25Options;
import dev.nsw.retrieval.DenseRecall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench driving a real 2-node engine (two OpenSearch JVMs, as {@code EngineClusterTest} starts them): the
 * Index panel starts the local cluster, the sample corpus is pushed as {@code nsw push} pushes it, the workspace names
 * the index; Search's engine lists and Compare's engine runs are checked against the local indexes' (BM25: the same
 * documents and scores; dense: the engine's Lucene HNSW against the local exact index, close); a missing index and a
 * stopped cluster each reach the GUI as one line, never a dialog with a trace.
 */
@ExtendWith(ApplicationExtension.class)
class EngineWorkbenchUiTest {
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

    @AfterAll
    static void stopCluster() {
        // stopped from the panel when all went well; a failure on the way must not leave two JVMs behind
        if (dir != null && EngineCluster.read(dir.resolve("engine")).isPresent()) {
            EngineCluster.stop(dir.resolve("engine"), Duration.ofSeconds(60));
        }
    }

    @Test
    void searchAndCompareOnAnEngineWorkspaceAgreeWithTheLocalIndexesAndEngineFailuresAreOneLine(FxRobot robot)
            throws Exception {
        Path zh = WorkspaceSwitchUiTest.copy(Path.of("sample-data", "zh-helpdesk"), dir.resolve("zh-helpdesk"));
        WorkbenchModel model = window.model();
        EngineViewModel engine = window.index().engine();

        WorkspaceSwitchUiTest.open(robot, window, zh);
        RetrievalDataset set = model.evalSetProperty().get();
        // the local cluster from the Index panel, with progress: two nodes, starting while the local indexes build
        robot.interact(() -> {
            engine.clusterFolderProperty().set(dir.resolve("engine").toString());
            engine.clusterNodesProperty().set(2);
            engine.startLocal();
        });
        assertThat(engine.clusterJobProperty().get()).isNotNull();
        robot.interact(() -> window.index().buildBm25());
        waitUntil(() -> model.bm25Property().get() != null);
        robot.interact(() -> window.index().buildDense());
        waitUntil(() -> model.denseProperty().get() != null);
        WaitForAsyncUtils.waitFor(
                300, TimeUnit.SECONDS, () -> !engine.clusterBusyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(engine.clusterStateProperty().get()).startsWith("Local engine: 2 of 2 nodes running at http://");
        String urls = engine.urlsProperty().get();
        assertThat(urls.split(",")).hasSize(2);

        // the sample corpus pushed as nsw push pushes it: 2 shards, 1 replica, the workspace's model
        String modelSpec = model.catalogue().preferredProperty().get().spec();
        try (TextEncoder encoder = InferenceRuntime.open(
                modelSpec,
                model.encoderOptions(model.catalogue().preferredProperty().get()),
                InferenceRuntime.Choice.AUTO)) {
            Corpus corpus = set.corpus();
            float[][] vectors = DenseRecall.embed(
                    encoder,
                    corpus.documents().stream().map(Document::text).toList(),
                    "corpus",
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
            EngineIndex.push(
                    new EngineClient(urls),
                    "helpdesk",
                    corpus,
                    vectors,
                    encoder.modelId(),
                    new EngineIndex.Spec(16, 100, 2, 1, Bm25Options.auto(corpus)),
                    25,
                    ProgressListener.NONE,
                    CancellationToken.NEVER);
        }

        // a missing index: one line in the Index panel, nothing connected
        robot.interact(() -> {
            engine.indexProperty().set("no-such-index");
            engine.apply();
        });
        waitUntil(() -> !engine.problemProperty().get().isEmpty()
                && model.executor().running().isEmpty());
        assertOneLine(engine.problemProperty().get(), "no-such-index");
        assertThat(model.engine().bm25Property().get()).isNull();

        // the workspace names the index for dense and BM25: status and check in the Index panel, remembered
        robot.interact(() -> {
            engine.indexProperty().set("helpdesk");
            engine.apply();
        });
        waitUntil(() -> model.engine().bm25Property().get() != null
                && model.engine().denseProperty().get() != null
                && engine.indexStatusProperty().get().contains("documents"));
        assertThat(engine.problemProperty().get()).isEmpty();
        assertThat(engine.indexStatusProperty().get())
                .contains("Index 'helpdesk'")
                .contains(String.format(
                        java.util.Locale.ROOT, "%,d documents", set.corpus().size()))
                .contains("2 primary shards × 1 replica")
                .contains("2 nodes")
                .containsAnyOf("green", "yellow");
        assertThat(engine.checkProperty().get()).startsWith("✓ This workspace's corpus");
        assertThat(Files.readString(zh.resolve("nsw-workspace.properties"))).contains("engine_index=helpdesk");

        // Search: the engine's lists against the local ones, query by query
        assertThat(window.search().bm25TitleProperty().get()).contains("engine helpdesk");
        assertThat(window.search().denseTitleProperty().get()).contains("engine helpdesk");
        int sameTop = 0;
        List<Query> queries = set.queries().subList(0, 8);
        for (Query q : queries) {
            List<List<HitRow>> local = search(robot, q, false);
            List<List<HitRow>> onEngine = search(robot, q, true);
            // BM25: the same documents in the same order with the same scores and gold marks
            assertThat(ids(onEngine.get(0))).isEqualTo(ids(local.get(0)));
            for (int i = 0; i < local.get(0).size(); i++) {
                assertThat(onEngine.get(0).get(i).score())
                        .isCloseTo(local.get(0).get(i).score(), within(1e-3));
                assertThat(onEngine.get(0).get(i).gold())
                        .isEqualTo(local.get(0).get(i).gold());
            }
            // dense: Lucene HNSW against the local index, the same cosines where they list the same document
            List<String> localDense = ids(local.get(1));
            List<String> engineDense = ids(onEngine.get(1));
            assertThat(engineDense.stream().filter(localDense::contains).count())
                    .isGreaterThanOrEqualTo(8);
            if (engineDense.getFirst().equals(localDense.getFirst())) {
                sameTop++;
                assertThat(onEngine.get(1).getFirst().score())
                        .isCloseTo(local.get(1).getFirst().score(), within(1e-3));
            }
        }
        assertThat(sameTop).isGreaterThanOrEqualTo(queries.size() - 1);
        assertThat(dialogs.errors).isEmpty();

        // Compare: engine runs scored by the same code as the local ones, with significance marks against run A
        robot.interact(() -> window.compare().runBm25());
        waitUntil(() -> window.compare().runs().size() == 1);
        robot.interact(() -> window.compare().runEngineBm25());
        waitUntil(() -> window.compare().runs().size() == 2);
        robot.interact(() ->
                window.compare().runDense(window.compare().denseChoiceProperty().get()));
        waitUntil(() -> window.compare().runs().size() == 3);
        robot.interact(() -> window.compare()
                .runEngineDense(window.compare().denseChoiceProperty().get()));
        waitUntil(() -> window.compare().runs().size() == 4);
        RunResult localBm25 = run("BM25");
        RunResult engineBm25 = run("engine BM25");
        RunResult localDense = run("dense ");
        RunResult engineDenseRun = run("engine dense ");
        for (int k : List.of(1, 5, 10, 20, 50)) {
            assertThat(engineBm25.metrics().recall(k))
                    .isEqualTo(localBm25.metrics().recall(k));
        }
        assertThat(engineBm25.metrics().mrr10()).isCloseTo(localBm25.metrics().mrr10(), within(1e-9));
        assertThat(engineDenseRun.metrics().recall(10))
                .isCloseTo(localDense.metrics().recall(10), within(0.05));
        assertThat(engineDenseRun.metrics().mrr10())
                .isCloseTo(localDense.metrics().mrr10(), within(0.05));
        assertThat(engineDenseRun.metrics().queries())
                .isEqualTo(localDense.metrics().queries());
        robot.interact(() -> window.compare().runAProperty().set(localBm25));
        waitUntil(() -> window.compare().significanceProperty().get() != null
                && window.compare()
                        .significanceProperty()
                        .get()
                        .find(engineBm25.name(), RunSignificance.Metric.RECALL_10)
                        .isPresent());
        // the same run twice over: no difference to mark
        assertThat(window.compare().recall10Mark(engineBm25)).isEmpty();
        assertThat(dialogs.errors).isEmpty();

        // the cluster stopped from the Index panel: a search and an engine run each say so in one line
        robot.interact(engine::stopLocal);
        waitUntil(() -> !engine.clusterBusyProperty().get());
        assertThat(engine.clusterStateProperty().get()).startsWith("Stopped 2 nodes");
        robot.interact(() -> {
            window.search().queryProperty().set(queries.getFirst().text());
            window.search().useEngineProperty().set(true);
            window.search().search();
        });
        waitUntil(() -> model.executor().running().isEmpty()
                && !model.engine().problemProperty().get().isEmpty());
        assertOneLine(model.engine().problemProperty().get(), "");
        assertThat(model.statusProperty().get())
                .isEqualTo(model.engine().problemProperty().get());
        robot.interact(() -> {
            model.statusProperty().set("");
            window.compare().runEngineBm25();
        });
        waitUntil(() -> model.executor().running().isEmpty()
                && model.statusProperty().get().startsWith("Engine:"));
        assertOneLine(model.statusProperty().get(), "");
        assertThat(dialogs.errors).as("no dialog, no trace").isEmpty();
    }

    /** One search of {@code q} with the engine's lists or the local ones: [BM25 rows, dense rows], hits only. */
    private List<List<HitRow>> search(FxRobot robot, Query q, boolean useEngine) throws Exception {
        robot.interact(() -> {
            // the query first: flipping the switch searches the query in the box again
            window.search().queryProperty().set(q.text());
            window.search().useEngineProperty().set(useEngine);
        });
        boolean[] done = {false};
        robot.interact(() -> window.search().search().whenFinished(() -> done[0] = true));
        waitUntil(() -> done[0]);
        List<List<HitRow>> out = new ArrayList<>();
        for (var rows : List.of(window.search().bm25Hits(), window.search().denseHits())) {
            out.add(rows.stream().filter(r -> !r.isDropped()).toList());
        }
        assertThat(out.get(0)).isNotEmpty();
        assertThat(out.get(1)).hasSize(window.search().kProperty().get());
        return out;
    }

    private static List<String> ids(List<HitRow> rows) {
        return rows.stream().map(HitRow::docId).toList();
    }

    private RunResult run(String prefix) {
        return window.compare().runs().stream()
                .filter(r -> r.name().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run named " + prefix + "… in "
                        + window.compare().runs().stream().map(RunResult::name).toList()));
    }

    /** One line naming the problem: no trace, no exception class, no second line. */
    private static void assertOneLine(String line, String names) {
        assertThat(line).startsWith("Engine: ").contains(names).doesNotContain("\n");
        Stream.of("Exception", "\tat ", "at dev.nsw")
                .forEach(bad -> assertThat(line).doesNotContain(bad));
    }
}
